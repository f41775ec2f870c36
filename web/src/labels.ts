// Human labels for datasets, programs, schemata and match kinds.

const DATASETS: Record<string, { label: string; authority: string }> = {
  us_ofac_sdn: { label: "US OFAC SDN", authority: "US" },
  us_ofac_cons: { label: "US OFAC Consolidated", authority: "US" },
  us_trade_csl: { label: "US Consolidated Screening List", authority: "US" },
  us_bis_denied: { label: "US BIS Denied Persons", authority: "US" },
  un_sc_sanctions: { label: "UN Security Council", authority: "UN" },
  gb_hmt_sanctions: { label: "UK OFSI Consolidated", authority: "UK" },
  gb_fcdo_sanctions: { label: "UK Sanctions List", authority: "UK" },
  eu_fsf: { label: "EU Financial Sanctions", authority: "EU" },
  ch_seco_sanctions: { label: "CH SECO", authority: "CH" },
  ca_dfatd_sema_sanctions: { label: "CA SEMA", authority: "CA" },
  au_dfat_sanctions: { label: "AU DFAT", authority: "AU" },
};

export function datasetLabel(dataset: string): string {
  return DATASETS[dataset]?.label ?? dataset;
}

/** Programs whose codes mean little to a reader: a plain name beside the code. */
const PROGRAMS: Record<string, string> = {
  GLOMAG: "Global Magnitsky",
  SDGT: "Global Terrorism",
  SDNTK: "Narcotics Kingpin",
  SDNT: "Narcotics Traffickers",
  CYBER2: "Cyber-related",
  "CYBER-EO13694": "Cyber-related",
  IRAN: "Iran",
  "IRAN-EO13902": "Iran (EO 13902)",
  IRGC: "Iran Revolutionary Guard",
  DPRK: "North Korea",
  DPRK2: "North Korea",
  DPRK3: "North Korea",
  DPRK4: "North Korea",
  "RUSSIA-EO14024": "Russia (EO 14024)",
  UKRAINE: "Ukraine",
  "UKRAINE-EO13660": "Ukraine (EO 13660)",
  "UKRAINE-EO13661": "Ukraine (EO 13661)",
  "UKRAINE-EO13662": "Ukraine (EO 13662)",
  SYRIA: "Syria",
  VENEZUELA: "Venezuela",
  "VENEZUELA-EO13850": "Venezuela (EO 13850)",
  CUBA: "Cuba",
  ILLICIT_DRUGS: "Illicit drugs",
  TCO: "Transnational Criminal Organizations",
  NPWMD: "Non-proliferation (WMD)",
  BELARUS: "Belarus",
  "BELARUS-EO14038": "Belarus (EO 14038)",
  HRIT: "Human Rights / IT abuse",
  MAGNIT: "Magnitsky Act",
};

/** A program badge's text: the listing authority and the program, e.g. "US GLOMAG". */
export function programBadge(dataset: string, program: string): string {
  const authority = DATASETS[dataset]?.authority;
  return authority && !program.startsWith(authority + " ") ? `${authority} ${program}` : program;
}

export function programTitle(program: string): string {
  return PROGRAMS[program] ?? program;
}

export const SCHEMATA = ["Person", "Organization", "Company", "Vessel", "Airplane", "LegalEntity"];

export const MATCH_KINDS: Record<string, string> = {
  exact: "exact",
  variant: "name variant",
  phonetic: "sounds alike",
  baltic: "Baltic ending",
  skeleton: "same consonant skeleton",
  abjad: "abjad consonants",
  consonant_class: "consonant classes",
  korean: "Korean reading",
  edit: "spelling difference",
  initial: "initial",
  acronym: "acronym",
};

export function matchKind(kind: string): string {
  const key = kind.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
  return MATCH_KINDS[key] ?? key.replace(/_/g, " ");
}

export const PROPERTY_LABELS: Record<string, string> = {
  name: "Name",
  alias: "Alias",
  weakAlias: "Weak alias",
  previousName: "Previous name",
  firstName: "First name",
  lastName: "Last name",
  birthDate: "Birth date",
  birthPlace: "Birth place",
  deathDate: "Death date",
  nationality: "Nationality",
  citizenship: "Citizenship",
  country: "Country",
  jurisdiction: "Jurisdiction",
  gender: "Gender",
  idNumber: "ID number",
  passportNumber: "Passport",
  taxNumber: "Tax number",
  registrationNumber: "Registration number",
  imoNumber: "IMO number",
  address: "Address",
  position: "Position",
  title: "Title",
  notes: "Notes",
  email: "Email",
  phone: "Phone",
  website: "Website",
  incorporationDate: "Incorporated",
  topics: "Topics",
  program: "Program",
};

export function propertyLabel(name: string): string {
  return PROPERTY_LABELS[name] ?? name.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/^./, (c) => c.toUpperCase());
}

/** The script of a name, for grouping names by script on the entity page. */
export function scriptOf(text: string): string {
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x250) continue;
    if (cp >= 0x370 && cp < 0x400) return "Greek";
    if (cp >= 0x400 && cp < 0x530) return "Cyrillic";
    if (cp >= 0x590 && cp < 0x600) return "Hebrew";
    if (cp >= 0x600 && cp < 0x780) return "Arabic";
    if (cp >= 0xac00 && cp < 0xd7b0) return "Hangul";
    if (cp >= 0x3040 && cp < 0x3100) return "Kana";
    if (cp >= 0x4e00 && cp < 0xa000) return "Han";
    if (cp >= 0x0e00 && cp < 0x0e80) return "Thai";
    if (cp >= 0x1780 && cp < 0x1800) return "Khmer";
    if (cp >= 0x10a0 && cp < 0x1100) return "Georgian";
    if (cp >= 0x0530 && cp < 0x0590) return "Armenian";
    return "Other";
  }
  return "Latin";
}
