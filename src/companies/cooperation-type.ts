export enum CooperationType {
  Distribution = 'distribution',
  Supplier = 'supplier',
  Manufacturing = 'manufacturing',
  TechnologyLicensing = 'technology_licensing',
  JointVenture = 'joint_venture',
  ResearchCooperation = 'research_cooperation',
  Investment = 'investment',
  Services = 'services',
}

export enum OrganisationType {
  Company = 'company',
  ResearchInstitution = 'research_institution',
  University = 'university',
  Cluster = 'cluster',
  Association = 'association',
}
