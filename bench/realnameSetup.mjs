// What the real-name benches share: the policy their registration service states, identity
// numbers with the check character the product itself computes (shared/realname), and the median.
import { importTs } from './bundle.mjs';

const { idCheckCharacter, maskIdNumber } = await importTs('shared/realname/index.ts');

export const POLICY = {
  authority: 'Bench Communications Administration, notice 2026-9',
  legalText:
    '依据《测试办法》第五条，群主须进行实名登记。\nGroup owners must register their real name.',
  retentionDays: 90,
  approval: 'manual',
  pendingCounts: true,
};

/** A resident ID number: 17 digits and their ISO 7064 MOD 11-2 check character. */
export const idNumber = (first17) => first17 + idCheckCharacter(first17);

/** The ID number as the UI shows it (last 4 characters). */
export const maskedId = (id) => maskIdNumber(id);

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
