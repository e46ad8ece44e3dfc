/**
 * How many synthetic profiles each ISA member gets: in proportion to its size, taken as its resident population
 * (rounded; German figures from the Destatis municipal register 2023, Chinese ones from the 7th census 2020, for the
 * whole prefecture-level city or, for Bao'an, Nansha and Xiaoshan, for the district). A member that is a region counts
 * its towns together. The slugs are those of migrations/1795600000001-SeedIsaMemberCities.ts; a member added later
 * without an entry here gets the median size.
 */
export const MEMBER_POPULATION: Record<string, number> = {
  // Germany
  'bad-homburg': 54_000,
  aachen: 252_000,
  bottrop: 117_000,
  chemnitz: 248_000,
  'region-fulda': 225_000,
  goettingen: 118_000,
  hamburg: 1_892_000,
  hildesheim: 101_000,
  kaiserslautern: 101_000,
  ludwigshafen: 174_000,
  ingolstadt: 141_000,
  koeln: 1_087_000,
  mainz: 220_000,
  nuernberg: 526_000,
  'rhein-kreis-neuss': 456_000,
  'ruesselsheim-raunheim-kelsterbach': 99_000,
  'region-schwarzwald': 282_000,
  solingen: 160_000,
  wuppertal: 358_000,
  // China
  foshan: 9_498_000,
  taizhou: 6_623_000,
  'baoan-shenzhen': 4_476_000,
  liuzhou: 4_157_000,
  maoming: 6_174_000,
  'nansha-guangzhou': 847_000,
  deyang: 3_456_000,
  nanning: 8_742_000,
  jieyang: 5_578_000,
  jiaozuo: 3_522_000,
  nanchang: 6_255_000,
  maanshan: 2_160_000,
  zhuzhou: 3_902_000,
  jiangmen: 4_799_000,
  guiyang: 5_987_000,
  zhaoqing: 4_113_000,
  panjin: 1_390_000,
  shantou: 5_502_000,
  weihai: 2_907_000,
  'xiaoshan-hangzhou': 2_011_000,
  lanzhou: 4_359_000,
};

/** Street names that fit each country, for the (private) address of a profile. */
export const STREETS = {
  DE: ['Industriestraße', 'Gewerbering', 'Hauptstraße', 'Am Technologiepark', 'Robert-Bosch-Straße', 'Carl-Zeiss-Straße', 'Werkstraße', 'Im Gewerbegebiet', 'Daimlerstraße', 'Siemensallee', 'Louisenstraße', 'Max-Planck-Straße'],
  CN: ['工业大道', '科技路', '高新区创业路', '经济开发区长江路', '南海大道', '滨江路', '新华路', '人民中路', '创新大道', '物流园路'],
} as const;

export const SURNAMES = {
  DE: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Braun', 'Hofmann', 'Zimmermann', 'Hartmann', 'Krüger', 'Lange', 'Werner', 'Lehmann', 'Köhler', 'Maier', 'Herrmann', 'König', 'Walter'],
  DE_GIVEN: ['Julia', 'Thomas', 'Anna', 'Michael', 'Katrin', 'Stefan', 'Sabine', 'Andreas', 'Laura', 'Markus', 'Claudia', 'Jan', 'Miriam', 'Florian', 'Petra', 'Tobias'],
  CN: ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'],
  CN_GIVEN: ['伟', '芳', '娜', '敏', '静', '强', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀英', '建华', '志强', '丽华'],
  CN_BRAND: ['华德', '宏达', '远东', '金鹰', '恒力', '天成', '精工', '瑞丰', '万通', '中联', '新元', '鼎盛', '汇川', '嘉和', '永泰', '博锐', '信达', '东方', '海星', '联创'],
} as const;

export const LEGAL_FORMS = {
  DE: ['GmbH', 'GmbH & Co. KG', 'AG', 'KG', 'e.K.', 'UG (haftungsbeschränkt)'],
  CN: ['有限公司', '股份有限公司', '科技有限公司', '实业有限公司'],
} as const;

export const ROLES = {
  de: ['Geschäftsführerin', 'Geschäftsführer', 'Leitung Vertrieb', 'Leiter Export', 'Business Development'],
  en: ['Managing Director', 'Head of Sales', 'Export Manager', 'Business Development Manager'],
  zh: ['总经理', '销售经理', '国际业务部经理', '市场总监'],
} as const;
