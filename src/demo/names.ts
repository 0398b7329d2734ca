/**
 * Vietnamese names for the demo's people, drawn from common family, middle and given names. Nobody here is a real
 * person: names are combined at random, and the few people the seed articles name are never produced (a drawn name
 * that matches one is drawn again), so the demo cannot put words or dossiers in a real person's mouth.
 */
import type { Gender } from '../../workflows/admission';
import type { Rng } from './random';

/** Roughly by frequency: Nguyễn appears several times so that it comes out about as often as it does in life. */
const FAMILY = [
  'Nguyễn', 'Nguyễn', 'Nguyễn', 'Nguyễn', 'Trần', 'Trần', 'Lê', 'Lê', 'Phạm', 'Phạm', 'Huỳnh', 'Hoàng', 'Phan', 'Võ', 'Vũ',
  'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Trương', 'Đinh', 'Lâm', 'Mai', 'Cao', 'Tạ', 'Thái', 'Châu',
] as const;

const MIDDLE: Record<Gender, readonly string[]> = {
  male: ['Văn', 'Văn', 'Văn', 'Hữu', 'Đức', 'Minh', 'Quốc', 'Thành', 'Công', 'Ngọc', 'Hoàng', 'Xuân', 'Thanh', 'Tấn', 'Trọng'],
  female: ['Thị', 'Thị', 'Thị', 'Thị', 'Ngọc', 'Thu', 'Thanh', 'Kim', 'Mỹ', 'Hồng', 'Phương', 'Bảo', 'Diệu', 'Khánh'],
};

const GIVEN: Record<Gender, readonly string[]> = {
  male: [
    'Anh', 'Bảo', 'Bình', 'Cường', 'Dũng', 'Duy', 'Đạt', 'Định', 'Hải', 'Hiếu', 'Hòa', 'Hùng', 'Huy', 'Khang', 'Khoa', 'Kiệt',
    'Lâm', 'Long', 'Lộc', 'Luân', 'Minh', 'Nam', 'Nghĩa', 'Nhân', 'Phát', 'Phong', 'Phúc', 'Quang', 'Quân', 'Sơn', 'Tài',
    'Tâm', 'Thắng', 'Thiện', 'Thịnh', 'Tiến', 'Toàn', 'Trí', 'Trung', 'Tú', 'Tùng', 'Vinh', 'Việt', 'Vũ', 'Khải', 'Hậu',
  ],
  female: [
    'An', 'Anh', 'Châu', 'Chi', 'Diễm', 'Dung', 'Duyên', 'Giang', 'Hà', 'Hạnh', 'Hằng', 'Hiền', 'Hoa', 'Hương', 'Huyền',
    'Lan', 'Linh', 'Loan', 'Mai', 'My', 'Nga', 'Ngân', 'Ngọc', 'Nhung', 'Oanh', 'Phượng', 'Quyên', 'Quỳnh', 'Tâm', 'Thảo',
    'Thanh', 'Thu', 'Thủy', 'Trang', 'Trinh', 'Tuyết', 'Uyên', 'Vân', 'Vy', 'Yến', 'Nhi', 'Xuân',
  ],
};

/** People named in the seed articles (officials and journalists): never generated. */
const SEED_PEOPLE = new Set([
  'Trương Văn Phỉ',
  'Nguyễn Văn Đô',
  'Nguyễn Công Danh',
  'Nguyễn Hoàng Thao',
  'Nguyễn Anh Tuấn',
  'Nguyễn Văn Tuyến',
  'Lê Trung Kiên',
  'Đỗ Trọng',
  'Vũ Ba',
]);

export function fullName(rng: Rng, gender: Gender, familyName?: string): string {
  for (;;) {
    const name = `${familyName ?? rng.pick(FAMILY)} ${rng.pick(MIDDLE[gender])} ${rng.pick(GIVEN[gender])}`;
    if (!SEED_PEOPLE.has(name)) return name;
  }
}

export function familyOf(name: string): string {
  return name.split(' ')[0];
}

export function isSeedPerson(name: string): boolean {
  return SEED_PEOPLE.has(name);
}

/** Where the verification letters go: the home communes of workers who came to Bình Dương's industrial parks. */
export const HOME_COMMITTEES = [
  'Đảng ủy xã Hải Hậu, huyện Hải Hậu, tỉnh Nam Định',
  'Đảng ủy xã Nghi Phong, huyện Nghi Lộc, tỉnh Nghệ An',
  'Đảng ủy xã Triệu Phong, huyện Triệu Phong, tỉnh Quảng Trị',
  'Đảng ủy xã Hoài Thanh, thị xã Hoài Nhơn, tỉnh Bình Định',
  'Đảng ủy xã Tịnh Bình, huyện Sơn Tịnh, tỉnh Quảng Ngãi',
  'Đảng ủy xã Vĩnh Thạnh, huyện Lấp Vò, tỉnh Đồng Tháp',
  'Đảng ủy xã Long Phú, huyện Long Phú, tỉnh Sóc Trăng',
  'Đảng ủy xã Phú Hòa, huyện Thoại Sơn, tỉnh An Giang',
  'Đảng ủy xã Thanh Hưng, huyện Điện Biên, tỉnh Điện Biên',
  'Đảng ủy xã Hưng Thịnh, huyện Trảng Bom, tỉnh Đồng Nai',
  'Đảng ủy phường Mỹ Phước, thành phố Bến Cát, tỉnh Bình Dương',
  'Đảng ủy phường Thới Hòa, thành phố Bến Cát, tỉnh Bình Dương',
  'Đảng ủy xã Phước Hòa, huyện Phú Giáo, tỉnh Bình Dương',
  'Đảng ủy phường An Phú, thành phố Thuận An, tỉnh Bình Dương',
  'Đảng ủy xã Tân Hiệp, huyện Hóc Môn, Thành phố Hồ Chí Minh',
] as const;

export const OCCUPATIONS = {
  worker: [
    'Công nhân may',
    'Công nhân lắp ráp điện tử',
    'Công nhân vận hành máy',
    'Tổ trưởng sản xuất',
    'Kỹ thuật viên bảo trì',
    'Công nhân kho vận',
  ],
  office: ['Nhân viên hành chính - nhân sự', 'Kế toán viên', 'Kỹ sư quy trình', 'Trưởng ca sản xuất', 'Cán bộ công đoàn'],
  owner: ['Giám đốc công ty', 'Chủ doanh nghiệp tư nhân'],
} as const;
