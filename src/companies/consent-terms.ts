/** Versions the registration must accept; a new version of a text gets a new version string. */
export const PRIVACY_POLICY_VERSION = '2026-11';
export const CHINA_TRANSFER_CONSENT_VERSION = '2026-11';

/** The separate consent for sharing with organisations in China names recipient, purpose and data (PIPL Art. 39). */
export const CHINA_TRANSFER_CONSENT_TEXT = {
  de: 'Ich willige ein, dass die Wirtschaftsförderung unser Unternehmensprofil an Unternehmen, Forschungseinrichtungen und Wirtschaftsförderungen in den chinesischen ISA-Mitgliedsstädten übermittelt (Empfänger), um Geschäftskontakte anzubahnen (Zweck). Übermittelt werden das Profil und, erst nach Annahme einer Vorstellung, Name, Funktion, E-Mail und Telefon der Kontaktperson (Daten). In China gilt kein dem EU-Recht gleichwertiges Datenschutzniveau. Die Einwilligung ist freiwillig und jederzeit widerrufbar.',
  en: 'I consent to the economic development office sharing our company profile with companies, research institutions and economic development offices in the Chinese ISA member cities (recipients) to arrange business contacts (purpose). Shared are the profile and, only after an introduction is accepted, the contact person’s name, role, email and phone (data). China does not offer a level of data protection equivalent to EU law. Consent is voluntary and can be withdrawn at any time.',
  zh: '本人同意经济促进局将本公司资料提供给中德工业城市联盟中国成员城市的企业、科研机构及经济促进部门（接收方），用于促成商务联系（目的）。提供的内容为企业资料；仅在对方接受引荐后，才提供联系人的姓名、职务、电子邮箱和电话（数据）。中国的数据保护水平与欧盟法律不同。本同意系自愿作出，可随时撤回。',
} as const;
