import { OrganisationType } from './cooperation-type';

/** What kind of organisation a profile is, in the languages emails and pages speak. */
export const ORGANISATION_TYPE_LABELS: Record<'de' | 'en' | 'zh', Record<OrganisationType, string>> = {
  de: { company: 'Unternehmen', research_institution: 'Forschungseinrichtung', university: 'Hochschule', cluster: 'Cluster', association: 'Verband' },
  en: { company: 'Company', research_institution: 'Research institution', university: 'University', cluster: 'Cluster', association: 'Association' },
  zh: { company: '企业', research_institution: '科研机构', university: '高等院校', cluster: '产业集群', association: '协会' },
};
