/**
 * The demo's organisations, quotas and class calendar: the Bình Dương enterprise block of seed 000, and the 2025
 * restructuring that put it under Thành phố Hồ Chí Minh. Organisation names are those of the article; the companies
 * under them are invented (no real company's Party cell is described).
 */
import type { OrgKind } from '../../workflows/organization';

export interface DemoOrg {
  id: string;
  name: string;
  kind: OrgKind;
  parentId?: string;
  /** the committee that certifies histories (BackgroundCheckConcluded.concludedBy) for dossiers under it */
  committee?: string;
  /** the trade union and youth union that nominate candidates, for a cell's company */
  company?: string;
}

export const PROVINCE = 'tinh-uy-binh-duong';
export const BLOCK = 'dang-uy-khoi-doanh-nghiep';
export const BEN_CAT = 'chi-bo-cong-doan-kcn-ben-cat';
export const MY_PHUOC = 'dang-bo-kcn-my-phuoc';
export const VSIP = 'dang-bo-kcn-vsip';
export const SONG_THAN = 'dang-bo-kcn-song-than';
export const DONG_AN = 'dang-bo-kcn-dong-an';
export const NAM_TAN_UYEN = 'dang-bo-kcn-nam-tan-uyen';

export const BLOCK_STANDING_COMMITTEE = 'Ban Thường vụ Đảng ủy Khối Doanh nghiệp tỉnh Bình Dương';

/** Grassroots organisations and the invented companies whose cells sit under them (id suffix, company name). */
const GRASSROOTS: { id: string; name: string; committee: string; cells: [string, string][] }[] = [
  {
    id: MY_PHUOC,
    name: 'Đảng bộ Khu công nghiệp Mỹ Phước',
    committee: 'Đảng ủy Khu công nghiệp Mỹ Phước',
    cells: [
      ['may-phuoc-thanh', 'Công ty TNHH May mặc Phước Thành'],
      ['go-an-tay', 'Công ty Cổ phần Chế biến gỗ An Tây'],
      ['co-khi-thoi-hoa', 'Công ty TNHH Cơ khí Thới Hòa'],
      ['bao-bi-my-phuoc-xanh', 'Công ty TNHH Bao bì Mỹ Phước Xanh'],
    ],
  },
  {
    id: VSIP,
    name: 'Đảng bộ Khu công nghiệp Việt Nam - Singapore (VSIP)',
    committee: 'Đảng ủy Khu công nghiệp Việt Nam - Singapore',
    cells: [
      ['dien-tu-binh-hoa', 'Công ty TNHH Điện tử Bình Hòa'],
      ['thuc-pham-thuan-giao', 'Công ty TNHH Thực phẩm Thuận Giao'],
      ['duoc-pham-an-phu', 'Công ty Cổ phần Dược phẩm An Phú'],
      ['linh-kien-lai-thieu', 'Công ty TNHH Linh kiện ô tô Lái Thiêu'],
      ['giay-da-vinh-phu', 'Công ty TNHH Giày da Vĩnh Phú'],
      ['logistics-hung-dinh', 'Công ty Cổ phần Logistics Hưng Định'],
    ],
  },
  {
    id: SONG_THAN,
    name: 'Đảng bộ Khu công nghiệp Sóng Thần',
    committee: 'Đảng ủy Khu công nghiệp Sóng Thần',
    cells: [
      ['thep-tan-dong-hiep', 'Công ty TNHH Thép Tân Đông Hiệp'],
      ['nhua-di-an', 'Công ty Cổ phần Nhựa Dĩ An'],
      ['in-an-song-than-viet', 'Công ty TNHH In ấn Sóng Thần Việt'],
      ['hoa-my-pham-binh-an', 'Công ty TNHH Hóa mỹ phẩm Bình An'],
    ],
  },
  {
    id: DONG_AN,
    name: 'Đảng bộ Khu công nghiệp Đồng An',
    committee: 'Đảng ủy Khu công nghiệp Đồng An',
    cells: [
      ['gom-su-binh-chuan', 'Công ty TNHH Gốm sứ Bình Chuẩn'],
      ['soi-dong-an', 'Công ty Cổ phần Sợi Đồng An'],
      ['noi-that-thuan-an', 'Công ty TNHH Nội thất Thuận An'],
    ],
  },
  {
    id: NAM_TAN_UYEN,
    name: 'Đảng bộ Khu công nghiệp Nam Tân Uyên',
    committee: 'Đảng ủy Khu công nghiệp Nam Tân Uyên',
    cells: [
      ['vat-lieu-khanh-binh', 'Công ty TNHH Vật liệu xây dựng Khánh Bình'],
      ['cao-su-tan-uyen-xanh', 'Công ty Cổ phần Cao su Tân Uyên Xanh'],
      ['dien-may-tan-phuoc-khanh', 'Công ty TNHH Điện máy Tân Phước Khánh'],
    ],
  },
];

/** Parents before children, so each creation finds its parent. */
export const ORGANISATIONS: DemoOrg[] = [
  { id: PROVINCE, name: 'Tỉnh ủy Bình Dương', kind: 'province' },
  { id: BLOCK, name: 'Đảng ủy Khối Doanh nghiệp tỉnh Bình Dương', kind: 'block', parentId: PROVINCE },
  // A chi bộ cơ sở: a grassroots organisation that holds its candidates itself (no cells under it).
  {
    id: BEN_CAT,
    name: 'Chi bộ Công đoàn các Khu công nghiệp Bến Cát',
    kind: 'grassroots',
    parentId: BLOCK,
    committee: 'Chi ủy Chi bộ Công đoàn các Khu công nghiệp Bến Cát',
    company: 'các Khu công nghiệp Bến Cát',
  },
  ...GRASSROOTS.flatMap(({ id, name, committee, cells }): DemoOrg[] => [
    { id, name, kind: 'grassroots', parentId: BLOCK, committee },
    ...cells.map(
      ([suffix, company]): DemoOrg => ({ id: `${id}-${suffix}`, name: `Chi bộ ${company}`, kind: 'cell', parentId: id, committee, company }),
    ),
  ]),
];

/** The cells (or chi bộ cơ sở) of a grassroots organisation, where its candidates are recorded. */
export function holdersOf(grassrootsId: string): DemoOrg[] {
  const own = ORGANISATIONS.find((o) => o.id === grassrootsId);
  const cells = ORGANISATIONS.filter((o) => o.parentId === grassrootsId && o.kind === 'cell');
  if (!own) throw new Error(`unknown organisation ${grassrootsId}`);
  return cells.length > 0 ? cells : [own];
}

/** The day the merged provinces' new party organisations took over (below). */
export const RESTRUCTURED_ON = '2025-07-01';
export const CITY = 'thanh-uy-tp-ho-chi-minh';
export const CITY_GOVERNMENT = 'dang-bo-ubnd-tp-ho-chi-minh';

/** Organisations created for the restructuring, before it is recorded. */
export const RESTRUCTURING_ORGANISATIONS: DemoOrg[] = [
  { id: CITY, name: 'Thành ủy Thành phố Hồ Chí Minh', kind: 'province' },
  { id: CITY_GOVERNMENT, name: 'Đảng bộ Ủy ban nhân dân Thành phố Hồ Chí Minh', kind: 'block', parentId: CITY },
];

/**
 * The 2025 restructuring, recorded on the day it took effect:
 * - Quyết định 321-QĐ/TW of the Politburo founded the Đảng bộ Thành phố Hồ Chí Minh by merging the party organisations
 *   of Thành phố Hồ Chí Minh, Bà Rịa – Vũng Tàu and Bình Dương, in force from 2025-07-01: Tỉnh ủy Bình Dương is
 *   succeeded by the Thành ủy, and everything under it lies in the city's tree from that day.
 * - The provinces' blocks of agencies and enterprises were ended in the 2025 reform of the political system and their
 *   organisations passed to a party committee of the provincial party agencies and one of the provincial government
 *   (đảng bộ ủy ban nhân dân), which took the enterprises (the provinces' plans of December 2024 after the review of
 *   Nghị quyết 18-NQ/TW). ASSUMPTION: the day Bình Dương's enterprise block ended and its exact successor are not in the
 *   texts we found; the demo dates its succession with the merger and names the city government's party committee.
 *   Its grassroots organisations and cells keep working under it; later moves (to the wards, for example) are not
 *   modelled.
 */
export const RESTRUCTURING: { predecessor: string; successor: string; effectiveOn: string }[] = [
  { predecessor: PROVINCE, successor: CITY, effectiveOn: RESTRUCTURED_ON },
  { predecessor: BLOCK, successor: CITY_GOVERNMENT, effectiveOn: RESTRUCTURED_ON },
];

export interface DemoQuota {
  orgId: string;
  metric: 'admissions';
  period: string;
  target: number;
  atLeast?: boolean;
  assignedBy: string;
}

/** Seed 000's targets. The block's "phấn đấu … ít nhất 400" is a floor: an "at least" target. */
const BEN_CAT_CONGRESS = 'Đại hội Chi bộ Công đoàn các Khu công nghiệp Bến Cát nhiệm kỳ 2020-2025';
const PROVINCE_STANDING_COMMITTEE = 'Ban Thường vụ Tỉnh ủy Bình Dương (Chương trình số 25-CTr/TU)';

export const QUOTAS: DemoQuota[] = [
  { orgId: BEN_CAT, metric: 'admissions', period: '2020-2025', target: 20, assignedBy: BEN_CAT_CONGRESS },
  { orgId: BEN_CAT, metric: 'admissions', period: '2020-2025', target: 50, assignedBy: BLOCK_STANDING_COMMITTEE },
  { orgId: MY_PHUOC, metric: 'admissions', period: '2024', target: 10, assignedBy: BLOCK_STANDING_COMMITTEE },
  { orgId: MY_PHUOC, metric: 'admissions', period: '2020-2025', target: 50, assignedBy: BLOCK_STANDING_COMMITTEE },
  { orgId: VSIP, metric: 'admissions', period: '2024', target: 20, assignedBy: BLOCK_STANDING_COMMITTEE },
  { orgId: VSIP, metric: 'admissions', period: '2020-2025', target: 80, assignedBy: BLOCK_STANDING_COMMITTEE },
  { orgId: BLOCK, metric: 'admissions', period: '2024', target: 400, atLeast: true, assignedBy: PROVINCE_STANDING_COMMITTEE },
];
