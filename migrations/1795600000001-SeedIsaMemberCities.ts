import { MigrationInterface, QueryRunner } from 'typeorm';
import { placeKey } from '../src/cities/place-key';

type RegionRow = [code: string, nameDe: string, nameEn: string, nameZh: string];

interface MemberRow {
  slug: string;
  region: string;
  nameDe: string;
  nameEn: string;
  nameZh: string;
  /** Towns the member covers, and other names people use for it. */
  municipalities: string[];
}

const REGIONS: RegionRow[] = [
  ['DE-BW', 'Baden-Württemberg', 'Baden-Württemberg', '巴登-符腾堡州'],
  ['DE-BY', 'Bayern', 'Bavaria', '巴伐利亚州'],
  ['DE-HE', 'Hessen', 'Hesse', '黑森州'],
  ['DE-HH', 'Hamburg', 'Hamburg', '汉堡'],
  ['DE-NI', 'Niedersachsen', 'Lower Saxony', '下萨克森州'],
  ['DE-NW', 'Nordrhein-Westfalen', 'North Rhine-Westphalia', '北莱茵-威斯特法伦州'],
  ['DE-RP', 'Rheinland-Pfalz', 'Rhineland-Palatinate', '莱茵兰-普法尔茨州'],
  ['DE-SN', 'Sachsen', 'Saxony', '萨克森州'],
  ['CN-AH', 'Anhui', 'Anhui', '安徽省'],
  ['CN-GD', 'Guangdong', 'Guangdong', '广东省'],
  ['CN-GS', 'Gansu', 'Gansu', '甘肃省'],
  ['CN-GX', 'Guangxi', 'Guangxi', '广西壮族自治区'],
  ['CN-GZ', 'Guizhou', 'Guizhou', '贵州省'],
  ['CN-HA', 'Henan', 'Henan', '河南省'],
  ['CN-HN', 'Hunan', 'Hunan', '湖南省'],
  ['CN-JX', 'Jiangxi', 'Jiangxi', '江西省'],
  ['CN-LN', 'Liaoning', 'Liaoning', '辽宁省'],
  ['CN-SC', 'Sichuan', 'Sichuan', '四川省'],
  ['CN-SD', 'Shandong', 'Shandong', '山东省'],
  ['CN-ZJ', 'Zhejiang', 'Zhejiang', '浙江省'],
];

const GERMAN_MEMBERS: MemberRow[] = [
  { slug: 'bad-homburg', region: 'DE-HE', nameDe: 'Bad Homburg v. d. Höhe', nameEn: 'Bad Homburg vor der Höhe', nameZh: '巴特洪堡', municipalities: ['Bad Homburg', 'Bad Homburg vor der Höhe'] },
  { slug: 'aachen', region: 'DE-NW', nameDe: 'Aachen', nameEn: 'Aachen', nameZh: '亚琛', municipalities: [] },
  { slug: 'bottrop', region: 'DE-NW', nameDe: 'Bottrop', nameEn: 'Bottrop', nameZh: '博特罗普', municipalities: [] },
  { slug: 'chemnitz', region: 'DE-SN', nameDe: 'Chemnitz', nameEn: 'Chemnitz', nameZh: '开姆尼茨', municipalities: [] },
  {
    slug: 'region-fulda',
    region: 'DE-HE',
    nameDe: 'Region Fulda (Stadt und Landkreis)',
    nameEn: 'Fulda Region (city and district)',
    nameZh: '富尔达地区',
    municipalities: [
      'Region Fulda', 'Landkreis Fulda', 'Fulda', 'Bad Salzschlirf', 'Burghaun', 'Dipperz', 'Ebersburg', 'Ehrenberg (Rhön)',
      'Eichenzell', 'Eiterfeld', 'Flieden', 'Gersfeld (Rhön)', 'Großenlüder', 'Hilders', 'Hofbieber', 'Hosenfeld', 'Hünfeld',
      'Kalbach', 'Künzell', 'Neuhof', 'Nüsttal', 'Petersberg', 'Poppenhausen (Wasserkuppe)', 'Rasdorf', 'Tann (Rhön)',
    ],
  },
  { slug: 'goettingen', region: 'DE-NI', nameDe: 'Göttingen', nameEn: 'Göttingen', nameZh: '哥廷根', municipalities: [] },
  { slug: 'hamburg', region: 'DE-HH', nameDe: 'Hamburg', nameEn: 'Hamburg', nameZh: '汉堡', municipalities: [] },
  { slug: 'hildesheim', region: 'DE-NI', nameDe: 'Hildesheim', nameEn: 'Hildesheim', nameZh: '希尔德斯海姆', municipalities: [] },
  { slug: 'kaiserslautern', region: 'DE-RP', nameDe: 'Kaiserslautern', nameEn: 'Kaiserslautern', nameZh: '凯泽斯劳滕', municipalities: [] },
  { slug: 'ludwigshafen', region: 'DE-RP', nameDe: 'Ludwigshafen am Rhein', nameEn: 'Ludwigshafen', nameZh: '路德维希港', municipalities: [] },
  { slug: 'ingolstadt', region: 'DE-BY', nameDe: 'Ingolstadt', nameEn: 'Ingolstadt', nameZh: '英戈尔施塔特', municipalities: [] },
  { slug: 'koeln', region: 'DE-NW', nameDe: 'Köln', nameEn: 'Cologne', nameZh: '科隆', municipalities: [] },
  { slug: 'mainz', region: 'DE-RP', nameDe: 'Mainz', nameEn: 'Mainz', nameZh: '美因茨', municipalities: [] },
  { slug: 'nuernberg', region: 'DE-BY', nameDe: 'Nürnberg', nameEn: 'Nuremberg', nameZh: '纽伦堡', municipalities: [] },
  {
    slug: 'rhein-kreis-neuss',
    region: 'DE-NW',
    nameDe: 'Rhein-Kreis Neuss',
    nameEn: 'Rhein-Kreis Neuss (district)',
    nameZh: '莱茵-诺伊斯县',
    municipalities: ['Neuss', 'Dormagen', 'Grevenbroich', 'Meerbusch', 'Kaarst', 'Korschenbroich', 'Jüchen', 'Rommerskirchen'],
  },
  {
    slug: 'ruesselsheim-raunheim-kelsterbach',
    region: 'DE-HE',
    nameDe: 'Rüsselsheim am Main/Raunheim/Kelsterbach',
    nameEn: 'Rüsselsheim am Main/Raunheim/Kelsterbach',
    nameZh: '吕塞尔斯海姆/劳恩海姆/凯尔斯特巴赫',
    municipalities: ['Rüsselsheim am Main', 'Rüsselsheim', 'Raunheim', 'Kelsterbach'],
  },
  {
    slug: 'region-schwarzwald',
    region: 'DE-BW',
    nameDe: 'Region Schwarzwald (Lahr und Freiburg)',
    nameEn: 'Black Forest Region (Lahr and Freiburg)',
    nameZh: '黑森林地区（拉尔和弗莱堡）',
    municipalities: ['Region Schwarzwald', 'Lahr/Schwarzwald', 'Lahr', 'Freiburg im Breisgau', 'Freiburg'],
  },
  { slug: 'solingen', region: 'DE-NW', nameDe: 'Solingen', nameEn: 'Solingen', nameZh: '索林根', municipalities: [] },
  { slug: 'wuppertal', region: 'DE-NW', nameDe: 'Wuppertal', nameEn: 'Wuppertal', nameZh: '伍珀塔尔', municipalities: [] },
];

const CHINESE_MEMBERS: MemberRow[] = [
  {
    slug: 'foshan', region: 'CN-GD', nameDe: 'Foshan', nameEn: 'Foshan', nameZh: '佛山',
    municipalities: ['Chancheng', '禅城', 'Nanhai', '南海', 'Shunde', '顺德', 'Sanshui', '三水', 'Gaoming', '高明'],
  },
  {
    slug: 'taizhou', region: 'CN-ZJ', nameDe: 'Taizhou', nameEn: 'Taizhou', nameZh: '台州',
    municipalities: ['Jiaojiang', '椒江', 'Huangyan', '黄岩', 'Luqiao', '路桥', 'Wenling', '温岭', 'Linhai', '临海', 'Yuhuan', '玉环'],
  },
  { slug: 'baoan-shenzhen', region: 'CN-GD', nameDe: "Bao'an (Shenzhen)", nameEn: "Bao'an (Shenzhen)", nameZh: '深圳市宝安区', municipalities: ["Bao'an", '宝安', '深圳宝安'] },
  { slug: 'liuzhou', region: 'CN-GX', nameDe: 'Liuzhou', nameEn: 'Liuzhou', nameZh: '柳州', municipalities: [] },
  { slug: 'maoming', region: 'CN-GD', nameDe: 'Maoming', nameEn: 'Maoming', nameZh: '茂名', municipalities: [] },
  { slug: 'nansha-guangzhou', region: 'CN-GD', nameDe: 'Nansha (Guangzhou)', nameEn: 'Nansha (Guangzhou)', nameZh: '广州市南沙区', municipalities: ['Nansha', '南沙', '广州南沙'] },
  {
    slug: 'deyang', region: 'CN-SC', nameDe: 'Deyang', nameEn: 'Deyang', nameZh: '德阳',
    municipalities: ['Guanghan', '广汉', 'Shifang', '什邡', 'Mianzhu', '绵竹'],
  },
  { slug: 'nanning', region: 'CN-GX', nameDe: 'Nanning', nameEn: 'Nanning', nameZh: '南宁', municipalities: [] },
  { slug: 'jieyang', region: 'CN-GD', nameDe: 'Jieyang', nameEn: 'Jieyang', nameZh: '揭阳', municipalities: [] },
  { slug: 'jiaozuo', region: 'CN-HA', nameDe: 'Jiaozuo', nameEn: 'Jiaozuo', nameZh: '焦作', municipalities: [] },
  { slug: 'nanchang', region: 'CN-JX', nameDe: 'Nanchang', nameEn: 'Nanchang', nameZh: '南昌', municipalities: [] },
  { slug: 'maanshan', region: 'CN-AH', nameDe: "Ma'anshan", nameEn: "Ma'anshan", nameZh: '马鞍山', municipalities: [] },
  { slug: 'zhuzhou', region: 'CN-HN', nameDe: 'Zhuzhou', nameEn: 'Zhuzhou', nameZh: '株洲', municipalities: [] },
  {
    slug: 'jiangmen', region: 'CN-GD', nameDe: 'Jiangmen', nameEn: 'Jiangmen', nameZh: '江门',
    municipalities: ['Xinhui', '新会', 'Taishan', '台山', 'Kaiping', '开平', 'Heshan', '鹤山', 'Enping', '恩平'],
  },
  { slug: 'guiyang', region: 'CN-GZ', nameDe: 'Guiyang', nameEn: 'Guiyang', nameZh: '贵阳', municipalities: [] },
  { slug: 'zhaoqing', region: 'CN-GD', nameDe: 'Zhaoqing', nameEn: 'Zhaoqing', nameZh: '肇庆', municipalities: ['Sihui', '四会', 'Gaoyao', '高要'] },
  { slug: 'panjin', region: 'CN-LN', nameDe: 'Panjin', nameEn: 'Panjin', nameZh: '盘锦', municipalities: [] },
  { slug: 'shantou', region: 'CN-GD', nameDe: 'Shantou', nameEn: 'Shantou', nameZh: '汕头', municipalities: ['Chenghai', '澄海'] },
  {
    slug: 'weihai', region: 'CN-SD', nameDe: 'Weihai', nameEn: 'Weihai', nameZh: '威海',
    municipalities: ['Rongcheng', '荣成', 'Wendeng', '文登', 'Rushan', '乳山'],
  },
  { slug: 'xiaoshan-hangzhou', region: 'CN-ZJ', nameDe: 'Xiaoshan (Hangzhou)', nameEn: 'Xiaoshan (Hangzhou)', nameZh: '杭州市萧山区', municipalities: ['Xiaoshan', '萧山', '杭州萧山'] },
  { slug: 'lanzhou', region: 'CN-GS', nameDe: 'Lanzhou', nameEn: 'Lanzhou', nameZh: '兰州', municipalities: [] },
];

const BAD_HOMBURG_OFFICE = {
  officeName: 'Wirtschaftsförderung / Business Development, Magistrat der Stadt Bad Homburg v.d.Höhe',
  contactPerson: 'Stefan Wolf',
  email: 'stefan.wolf@bad-homburg.de',
  phone: '+49 6172 100-1320',
  postalAddress: 'Rathausplatz 1\n61343 Bad Homburg v. d. Höhe\nDeutschland',
  preferredLanguage: 'de',
};

/** Every name a member is found by: its own names in each language and the towns it covers, once per key. */
function lookupNames(member: MemberRow): string[] {
  const names = [member.nameDe, member.nameEn, member.nameZh, ...member.municipalities];
  const byKey = new Map(names.map((name) => [placeKey(name), name] as const));
  return [...byKey.values()];
}

/** The ISA member list as published when Bad Homburg joined: 19 German and 21 Chinese members (12 provinces). */
export class SeedIsaMemberCities1795600000001 implements MigrationInterface {
  name = 'SeedIsaMemberCities1795600000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [code, nameDe, nameEn, nameZh] of REGIONS) {
      await queryRunner.query(`INSERT INTO regions (code, country, name_de, name_en, name_zh) VALUES ($1, $2, $3, $4, $5)`, [
        code, code.slice(0, 2), nameDe, nameEn, nameZh,
      ]);
    }
    for (const member of [...GERMAN_MEMBERS, ...CHINESE_MEMBERS]) {
      const [{ id }] = await queryRunner.query(
        `INSERT INTO cities (slug, name_de, name_en, name_zh, country, region_code) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [member.slug, member.nameDe, member.nameEn, member.nameZh, member.region.slice(0, 2), member.region],
      );
      for (const name of lookupNames(member)) {
        await queryRunner.query(`INSERT INTO city_municipalities (city_id, name, name_key) VALUES ($1, $2, $3)`, [id, name, placeKey(name)]);
      }
    }
    await queryRunner.query(
      `INSERT INTO office_contacts (city_id, office_name, contact_person, email, phone, postal_address, preferred_language)
       SELECT id, $1, $2, $3, $4, $5, $6 FROM cities WHERE slug = 'bad-homburg'`,
      [BAD_HOMBURG_OFFICE.officeName, BAD_HOMBURG_OFFICE.contactPerson, BAD_HOMBURG_OFFICE.email, BAD_HOMBURG_OFFICE.phone, BAD_HOMBURG_OFFICE.postalAddress, BAD_HOMBURG_OFFICE.preferredLanguage],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const slugs = [...GERMAN_MEMBERS, ...CHINESE_MEMBERS].map((member) => member.slug);
    await queryRunner.query(`DELETE FROM cities WHERE slug = ANY($1)`, [slugs]);
    // Regions stay while members added later still refer to them.
    await queryRunner.query(`DELETE FROM regions r WHERE code = ANY($1) AND NOT EXISTS (SELECT 1 FROM cities c WHERE c.region_code = r.code)`, [
      REGIONS.map(([code]) => code),
    ]);
  }
}
