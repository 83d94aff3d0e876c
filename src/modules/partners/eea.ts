/**
 * EU member states and the other EEA countries (Iceland, Liechtenstein,
 * Norway), ISO 3166-1 alpha-2. §7.6: personal data is not transferred
 * outside this area, so no partner outside it can be registered.
 */
export const EEA_COUNTRIES: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT',
  'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
  'IS', 'LI', 'NO',
]);
