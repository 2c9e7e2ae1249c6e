/**
 * The registration slot of the wizard (issue 9, point 5), shown only where the chosen service's
 * policy asks for a registration before creating a group: the registration flow itself
 * (renderer/features/realname), which states the policy, runs the service's form with local
 * checks and one consent screen, and ends with the receipt. The wizard goes on only once the
 * account is registered there, or pending where the policy lets pending count (onReady); an
 * account already registered gets its receipt at once.
 */
import { useTranslation } from 'react-i18next';
import type { GroupChatService } from '../../../../shared/contract';
import type { RealnamePolicy } from '../../../../shared/realnamePolicy';
import { RegistrationFlow } from '../../realname/RegistrationFlow';

export interface RegistrationStepProps {
  readonly accountId: string;
  readonly service: GroupChatService;
  /** What the wizard read; the flow asks again (it may have changed), so this only names it. */
  readonly policy: RealnamePolicy;
  /** Whether the wizard may go on to the creation (e.g. once registered, or already registered). */
  readonly onReady: (ready: boolean) => void;
}

export function RealNameStep({ accountId, service, onReady }: RegistrationStepProps) {
  const { t } = useTranslation();
  return (
    <>
      <p>{t('createGroup.registration.intro', { service: service.name ?? service.jid })}</p>
      <RegistrationFlow accountId={accountId} service={service.jid} onReady={onReady} />
    </>
  );
}
