/**
 * The first six digits of an identity number: where it was issued. Checked at province level
 * only. The full county list (GB/T 2260, about 3,000 codes) changes every year, and a card keeps
 * the code it was issued under for life, so a county list would have to hold every code ever
 * used since 1980 or it would refuse real cards; the registry checks the number against the
 * authority's records anyway. What is checked catches the typing mistakes a province list can:
 *
 * - Mainland provinces (GB/T 2260): 11–15, 21–23, 31–37, 41–46, 50–54, 61–65, followed by a
 *   prefecture code that is not 00 (digits 3–4; a person is registered in a county, never in a
 *   province as a whole). The county digits (5–6) are not checked.
 * - 71 Taiwan (GB/T 2260 lists it without subdivisions), and the residence permits for residents
 *   of Hong Kong (81), Macau (82) and Taiwan (83) issued since 2018: always followed by 0000.
 * - The foreign permanent resident ID card issued since December 2023 by the National Immigration
 *   Administration: 9, then the province code of the office that issued it (mainland only), then a
 *   three-digit nationality code (not 000). It follows GB 11643 in every other way (date, order,
 *   MOD 11-2), precisely so that systems checking resident numbers accept it.
 */

const MAINLAND = new Set([
  ...['11', '12', '13', '14', '15'],
  ...['21', '22', '23'],
  ...['31', '32', '33', '34', '35', '36', '37'],
  ...['41', '42', '43', '44', '45', '46'],
  ...['50', '51', '52', '53', '54'],
  ...['61', '62', '63', '64', '65'],
]);

/** Taiwan in GB/T 2260, and Hong Kong, Macau and Taiwan in residence permit numbers. */
const WHOLE_REGION = new Set(['71', '81', '82', '83']);

/** Whether six digits are a plausible issuing region (see the module comment for the scope). */
export function isKnownRegion(code: string): boolean {
  if (!/^\d{6}$/u.test(code)) return false;
  const province = code.slice(0, 2);
  if (MAINLAND.has(province)) return code.slice(2, 4) !== '00';
  if (WHOLE_REGION.has(province)) return code.slice(2) === '0000';
  // Foreign permanent residents: 9, the issuing province, the nationality.
  return code[0] === '9' && MAINLAND.has(code.slice(1, 3)) && code.slice(3) !== '000';
}
