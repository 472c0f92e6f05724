/**
 * Demo farms and produce of the former Tiền Giang (now Đồng Tháp, code 82), drawn from the area's real specialties
 * (../shared/data/products/tien_giang_specialty_products.csv). People and phone numbers are invented.
 */
import type { Category, Unit } from "../schema";

interface DemoFarm {
  key: string;
  kind: "household" | "cooperative" | "enterprise";
  displayName: string;
  representativeName: string;
  phone: string;
  communeCode: string;
  addressLine: string;
  mainProducts: string;
  certifications: ("vietgap" | "globalgap" | "organic" | "ocop3" | "ocop4" | "ocop5")[];
  showContact: boolean;
  /** products this farm lists (keys of DEMO_PRODUCTS) */
  products: string[];
}

export interface DemoProduct {
  key: string;
  titles: string[];
  category: Category;
  unit: Unit;
  /** price range per unit, integer VND */
  price: [number, number];
  /** season as month numbers (1–12); empty = all year */
  season: number[];
  description: string;
  commodity?: string;
  hue: number;
}

export const DEMO_PRODUCTS: DemoProduct[] = [
  {
    key: "xoai",
    titles: ["Xoài cát Hòa Lộc loại 1", "Xoài cát Hòa Lộc chín cây", "Xoài cát Hòa Lộc loại 2", "Xoài cát Hòa Lộc trái to 500–600 g"],
    category: "fruit",
    unit: "kg",
    price: [55_000, 95_000],
    season: [3, 4, 5, 11, 12, 1],
    description:
      "Xoài cát Hòa Lộc vùng chỉ dẫn địa lý Hòa Lộc (Cái Bè), trái 450–600 g, thịt vàng, thơm, ngọt đậm. Hái khi già, bao trái từ nhỏ, giao trong ngày ở Mỹ Tho, Cái Bè.",
    commodity: "xoai-cat-hoa-loc",
    hue: 45,
  },
  {
    key: "vusua",
    titles: ["Vú sữa Lò Rèn Vĩnh Kim", "Vú sữa Lò Rèn loại 1", "Vú sữa Lò Rèn hộp quà 3 kg"],
    category: "fruit",
    unit: "kg",
    price: [45_000, 80_000],
    season: [11, 12, 1, 2, 3],
    description:
      "Vú sữa Lò Rèn chỉ dẫn địa lý Vĩnh Kim, vỏ mỏng láng, cơm trắng, nhiều sữa, ngọt thanh. Trái hái chín tới, đóng thùng xốp lót giấy.",
    commodity: "vu-sua-lo-ren",
    hue: 100,
  },
  {
    key: "saurieng",
    titles: ["Sầu riêng Ri6 Ngũ Hiệp", "Sầu riêng Monthong Cai Lậy", "Sầu riêng Ngũ Hiệp cơm vàng hạt lép", "Sầu riêng Ri6 loại 1 (trái 2–4 kg)"],
    category: "fruit",
    unit: "kg",
    price: [70_000, 140_000],
    season: [4, 5, 6, 7, 8],
    description:
      "Sầu riêng vườn cù lao Ngũ Hiệp, Cai Lậy. Cắt già, để chín tự nhiên, cơm vàng ráo, béo. Bao ăn: trái sượng, sâu được đổi.",
    commodity: "sau-rieng-ri6",
    hue: 60,
  },
  {
    key: "khom",
    titles: ["Khóm Tân Phước (dứa Queen)", "Khóm Tân Phước trái lớn", "Thơm Tân Phước chín cây"],
    category: "fruit",
    unit: "fruit",
    price: [8_000, 18_000],
    season: [],
    description:
      "Khóm (thơm, dứa) Queen trồng trên đất phèn Tân Phước, mắt nhỏ, thịt vàng, ngọt dịu. Bán theo trái, từ 10 trái giao tận nơi.",
    commodity: "khom-tan-phuoc",
    hue: 50,
  },
  {
    key: "thanhlong",
    titles: ["Thanh long ruột đỏ Chợ Gạo", "Thanh long ruột trắng Chợ Gạo", "Thanh long ruột đỏ VietGAP"],
    category: "fruit",
    unit: "kg",
    price: [15_000, 35_000],
    season: [],
    description:
      "Thanh long vùng nhãn hiệu tập thể Chợ Gạo, trồng theo quy trình VietGAP, trái 350–500 g, tai xanh, ngọt mát.",
    commodity: "thanh-long-ruot-do",
    hue: 330,
  },
  {
    key: "ngheu",
    titles: ["Nghêu Gò Công tươi sống", "Nghêu Gò Công size 40–50 con/kg", "Nghêu Gò Công luộc sẵn hút chân không"],
    category: "seafood",
    unit: "kg",
    price: [35_000, 70_000],
    season: [],
    description:
      "Nghêu Bến Tre–Gò Công (Meretrix lyrata) nuôi bãi triều ven biển Gò Công Đông, nhãn hiệu chứng nhận Nghêu Gò Công. Thu hoạch sáng, giao trong ngày.",
    commodity: "ngheu-go-cong",
    hue: 30,
  },
  {
    key: "buoi",
    titles: ["Bưởi lông Cổ Cò", "Bưởi lông Cổ Cò loại 1", "Bưởi da xanh Cái Bè"],
    category: "fruit",
    unit: "fruit",
    price: [35_000, 75_000],
    season: [8, 9, 10, 11, 12, 1],
    description:
      "Bưởi lông Cổ Cò ven rạch Cổ Cò (Cái Bè), vỏ có lông tơ, múi vàng, ráo nước, vị ngọt hơi chua nhẹ. Trái 1,2–1,8 kg.",
    commodity: "buoi-long-co-co",
    hue: 80,
  },
  {
    key: "mangcau",
    titles: ["Mãng cầu xiêm Tân Phú Đông", "Mãng cầu xiêm trái to", "Trà trái mãng cầu xiêm sấy"],
    category: "fruit",
    unit: "kg",
    price: [30_000, 60_000],
    season: [],
    description:
      "Mãng cầu xiêm (mãng cầu gai) trồng trên đất giồng cát Tân Phú Đông, nước ngọt lợ giúp trái thơm, cơm dày, chua ngọt.",
    commodity: "mang-cau-xiem",
    hue: 120,
  },
  {
    key: "gao",
    titles: ["Gạo VD20 Gò Công", "Gạo thơm VD20 túi 5 kg", "Gạo nàng thơm Chợ Gạo"],
    category: "rice-grains",
    unit: "kg",
    price: [18_000, 32_000],
    season: [],
    description: "Gạo thơm VD20 vụ mới, hạt dài, cơm dẻo, thơm nhẹ. Đóng túi 5 kg và 10 kg, giao toàn tỉnh.",
    commodity: "gao-trang",
    hue: 40,
  },
  {
    key: "ga",
    titles: ["Gà ta Gò Công thả vườn", "Gà ta Gò Công làm sẵn"],
    category: "livestock-poultry",
    unit: "kg",
    price: [110_000, 160_000],
    season: [],
    description: "Gà ta Gò Công nuôi thả vườn trên 5 tháng, thịt chắc, da vàng. Làm sạch, đóng túi theo yêu cầu.",
    hue: 20,
  },
  {
    key: "mamtom",
    titles: ["Mắm tôm chà Gò Công", "Mắm tôm chà hũ 500 g"],
    category: "processed-ocop",
    unit: "bottle",
    price: [60_000, 120_000],
    season: [],
    description: "Mắm tôm chà Gò Công làm từ tôm đất, ủ theo cách truyền thống, sản phẩm OCOP của tỉnh. Hũ thủy tinh 500 g.",
    hue: 10,
  },
  {
    key: "cayxoai",
    titles: ["Cây giống xoài cát Hòa Lộc ghép", "Cây giống sầu riêng Ri6 ghép"],
    category: "seedlings",
    unit: "head",
    price: [35_000, 90_000],
    season: [],
    description: "Cây giống ghép mắt từ cây đầu dòng, cao 60–80 cm, bầu đất, có hướng dẫn trồng và chăm sóc.",
    hue: 140,
  },
];

export const DEMO_FARMS: DemoFarm[] = [
  { key: "hoaloc1", kind: "household", displayName: "Vườn xoài Tư Lộc", representativeName: "Nguyễn Văn Tư", phone: "0912 401 001", communeCode: "28429", addressLine: "Ấp Hòa Lộc", mainProducts: "Xoài cát Hòa Lộc", certifications: ["vietgap"], showContact: true, products: ["xoai", "cayxoai"] },
  { key: "hoaloc2", kind: "cooperative", displayName: "HTX Xoài Hòa Lộc", representativeName: "Trần Thị Mỹ", phone: "0912 401 002", communeCode: "28429", addressLine: "Ấp Hòa Quý", mainProducts: "Xoài cát Hòa Lộc, bưởi", certifications: ["vietgap", "ocop4"], showContact: true, products: ["xoai", "buoi"] },
  { key: "vinhkim1", kind: "household", displayName: "Vườn vú sữa Út Hiền", representativeName: "Lê Thị Hiền", phone: "0912 401 003", communeCode: "28576", addressLine: "Ấp Vĩnh Thới", mainProducts: "Vú sữa Lò Rèn", certifications: ["vietgap"], showContact: true, products: ["vusua"] },
  { key: "vinhkim2", kind: "cooperative", displayName: "HTX Vú sữa Lò Rèn Vĩnh Kim", representativeName: "Phạm Văn Đức", phone: "0912 401 004", communeCode: "28576", addressLine: "Ấp Vĩnh Bình", mainProducts: "Vú sữa Lò Rèn", certifications: ["globalgap", "ocop4"], showContact: false, products: ["vusua", "xoai"] },
  { key: "nguhiep1", kind: "household", displayName: "Vườn sầu riêng Ba Thành", representativeName: "Võ Văn Thành", phone: "0912 401 005", communeCode: "28516", addressLine: "Ấp 4, cù lao Ngũ Hiệp", mainProducts: "Sầu riêng Ri6", certifications: [], showContact: true, products: ["saurieng", "cayxoai"] },
  { key: "nguhiep2", kind: "household", displayName: "Vườn Năm Đẹp", representativeName: "Huỳnh Thị Đẹp", phone: "0912 401 006", communeCode: "28516", addressLine: "Ấp 2", mainProducts: "Sầu riêng, mãng cầu", certifications: ["vietgap"], showContact: false, products: ["saurieng"] },
  { key: "longtien", kind: "enterprise", displayName: "Trái cây Long Tiên", representativeName: "Đặng Văn Tâm", phone: "0912 401 007", communeCode: "28504", addressLine: "Ấp Long Hòa", mainProducts: "Sầu riêng Monthong", certifications: ["globalgap", "ocop5"], showContact: true, products: ["saurieng", "buoi"] },
  { key: "myloi", kind: "household", displayName: "Vườn bưởi Cổ Cò Sáu Lợi", representativeName: "Bùi Văn Lợi", phone: "0912 401 008", communeCode: "28414", addressLine: "Rạch Cổ Cò", mainProducts: "Bưởi lông Cổ Cò", certifications: [], showContact: true, products: ["buoi", "xoai"] },
  { key: "tanphuoc1", kind: "household", displayName: "Khóm Tân Phước nhà Bảy", representativeName: "Ngô Văn Bảy", phone: "0912 401 009", communeCode: "28321", addressLine: "Ấp Tân Hòa", mainProducts: "Khóm Queen", certifications: [], showContact: true, products: ["khom"] },
  { key: "tanphuoc2", kind: "cooperative", displayName: "HTX Khóm Tân Phước", representativeName: "Lý Thị Thu", phone: "0912 401 010", communeCode: "28327", addressLine: "Ấp Hưng Thạnh", mainProducts: "Khóm, thơm", certifications: ["vietgap"], showContact: true, products: ["khom"] },
  { key: "tanphuoc3", kind: "household", displayName: "Vườn khóm Chín Mỹ", representativeName: "Trương Văn Chín", phone: "0912 401 011", communeCode: "28345", addressLine: "Ấp Thạnh Mỹ", mainProducts: "Khóm", certifications: [], showContact: false, products: ["khom", "mangcau"] },
  { key: "chogao1", kind: "cooperative", displayName: "HTX Thanh long Hưng Thịnh Phát", representativeName: "Đoàn Văn Phát", phone: "0912 401 012", communeCode: "28627", addressLine: "Ấp Quơn Long", mainProducts: "Thanh long ruột đỏ", certifications: ["globalgap", "ocop4"], showContact: true, products: ["thanhlong", "gao"] },
  { key: "chogao2", kind: "household", displayName: "Vườn thanh long Tám Hoa", representativeName: "Nguyễn Thị Hoa", phone: "0912 401 013", communeCode: "28627", addressLine: "Ấp Bình Hòa", mainProducts: "Thanh long", certifications: ["vietgap"], showContact: true, products: ["thanhlong"] },
  { key: "gocong1", kind: "cooperative", displayName: "HTX Nghêu Gò Công Đông", representativeName: "Phan Văn Hải", phone: "0912 401 014", communeCode: "28747", addressLine: "Bãi nghêu Tân Thành", mainProducts: "Nghêu Gò Công", certifications: ["ocop3"], showContact: true, products: ["ngheu", "mamtom"] },
  { key: "gocong2", kind: "household", displayName: "Nghêu sạch Út Biển", representativeName: "Trần Văn Biển", phone: "0912 401 015", communeCode: "28738", addressLine: "Ấp Cầu Muống", mainProducts: "Nghêu", certifications: [], showContact: false, products: ["ngheu"] },
  { key: "tanphudong1", kind: "household", displayName: "Vườn mãng cầu Hai Phú", representativeName: "Lê Văn Phú", phone: "0912 401 016", communeCode: "28696", addressLine: "Ấp Phú Hữu", mainProducts: "Mãng cầu xiêm", certifications: ["vietgap"], showContact: true, products: ["mangcau"] },
  { key: "tanphudong2", kind: "enterprise", displayName: "Travipha Tân Thới", representativeName: "Võ Thị Pha", phone: "0912 401 017", communeCode: "28693", addressLine: "Ấp Tân Thạnh", mainProducts: "Trà mãng cầu xiêm", certifications: ["ocop5"], showContact: true, products: ["mangcau"] },
  { key: "gocongga", kind: "cooperative", displayName: "HTX Gà ta Gò Công", representativeName: "Huỳnh Văn Kiệt", phone: "0912 401 018", communeCode: "28306", addressLine: "Khu phố 3", mainProducts: "Gà ta thả vườn", certifications: ["ocop3"], showContact: true, products: ["ga", "mamtom", "gao"] },
  { key: "mytho", kind: "enterprise", displayName: "Gạo thơm Mỹ Tho", representativeName: "Châu Văn Hưng", phone: "0912 401 019", communeCode: "28261", addressLine: "Đường Ấp Bắc", mainProducts: "Gạo VD20", certifications: ["ocop3"], showContact: true, products: ["gao"] },
  { key: "daothanh", kind: "household", displayName: "Vườn cây giống Đạo Thạnh", representativeName: "Mai Văn Giống", phone: "0912 401 020", communeCode: "28249", addressLine: "Ấp Thạnh Hưng", mainProducts: "Cây giống ăn trái", certifications: [], showContact: true, products: ["cayxoai", "xoai"] },
];
