"""Demo producers ("chủ thể OCOP"): fictional households, cooperative groups, cooperatives and
enterprises, placed in real communes of the 34 provinces in force since 1 July 2025.

Names are invented; any likeness to a real business is accidental. `lines` lists product lines
(keys of data.PRODUCT_LINES); "key:0,2" restricts a producer to those variants of the line.
`place` is the name buyers know the speciality by (a brand place such as "Buôn Ma Thuột"); it
defaults to the commune's name without "Xã"/"Phường".
"""

from dataclasses import dataclass

HOUSEHOLD, GROUP, COOP, ENTERPRISE = "household", "coop_group", "cooperative", "enterprise"


@dataclass(frozen=True)
class Producer:
    code: str
    kind: str  # a marketplace.partner.models.ProducerType value
    name: str
    province: str  # NSO code of a current province
    commune: str  # the commune's full name as in regions/data/communes_2025.csv
    lines: str
    place: str = ""

    @property
    def line_specs(self) -> list[tuple[str, tuple[int, ...] | None]]:
        specs = []
        for item in self.lines.split():
            key, _, picks = item.partition(":")
            specs.append((key, tuple(int(i) for i in picks.split(",")) if picks else None))
        return specs

    @property
    def place_name(self) -> str:
        if self.place:
            return self.place
        for prefix in ("Xã ", "Phường ", "Đặc khu "):
            if self.commune.startswith(prefix):
                return self.commune.removeprefix(prefix)
        return self.commune


P = Producer

PRODUCERS = [
    # Sơn La (14): plums, Shan tuyết tea, Arabica, smoked meat, community tourism
    P("sl-htx-moc-chau-xanh", COOP, "HTX Nông sản sạch Mộc Châu", "14", "Phường Mộc Châu", "man-hau say-deo:0 ruou-trai-cay:0"),
    P("sl-htx-chieng-hac", COOP, "HTX Nông nghiệp Chiềng Hặc", "14", "Xã Chiềng Hặc", "man-hau say-deo:0,2", "Yên Châu"),
    P("sl-ho-lo-van-tuan", HOUSEHOLD, "Hộ kinh doanh Lò Văn Tuấn", "14", "Phường Thảo Nguyên", "man-hau:1,2 thit-trau:0", "Mộc Châu"),
    P("sl-tht-che-ta-xua", GROUP, "Tổ hợp tác chè Shan tuyết Tà Xùa", "14", "Xã Tà Xùa", "che-shan:0,1,3"),
    P("sl-htx-che-co-thu-ta-xua", COOP, "HTX Chè cổ thụ Tà Xùa", "14", "Xã Tà Xùa", "che-shan:1,2 du-lich-cong-dong:0,2"),
    P("sl-cty-arabica-son-la", ENTERPRISE, "Công ty TNHH Cà phê Arabica Tây Bắc", "14", "Phường Chiềng Cơi", "ca-phe-arabica", "Sơn La"),
    P("sl-ho-quang-van-hoa", HOUSEHOLD, "Hộ kinh doanh Quàng Văn Hòa", "14", "Xã Thuận Châu", "ca-phe-arabica:0,1"),
    P("sl-ho-ca-thi-mai", HOUSEHOLD, "Cơ sở sản xuất Cầm Thị Mai", "14", "Xã Mường La", "thit-trau nong-san-rung:0,1"),
    P("sl-htx-du-lich-van-ho", COOP, "HTX Du lịch cộng đồng bản Hua Tạt", "14", "Xã Vân Hồ", "du-lich-cong-dong:0,1 tho-cam:0,1"),
    P("sl-cty-nong-san-thao-nguyen", ENTERPRISE, "Công ty Cổ phần Nông sản Thảo Nguyên", "14", "Phường Thảo Nguyên", "say-deo che-shan:2", "Mộc Châu"),
    P("sl-ho-lo-thi-xuan", HOUSEHOLD, "Hộ kinh doanh Lường Thị Xuân", "14", "Xã Bắc Yên", "che-shan:0,2 mat-ong-rung:0"),
    # Thanh Hóa (38)
    P("th-cty-nem-chua-hac-thanh", ENTERPRISE, "Công ty TNHH Thực phẩm Hạc Thành", "38", "Phường Hạc Thành", "nem-chua", "Thanh Hóa"),
    P("th-ho-le-thi-hang", HOUSEHOLD, "Cơ sở nem chua Lê Thị Hằng", "38", "Phường Hàm Rồng", "nem-chua:0,1", "Thanh Hóa"),
    P("th-htx-coi-nga-son", COOP, "HTX Thủ công mỹ nghệ cói Nga Sơn", "38", "Xã Nga Sơn", "coi"),
    P("th-ho-nguyen-van-lam", HOUSEHOLD, "Hộ kinh doanh Nguyễn Văn Lâm", "38", "Phường Sầm Sơn", "nuoc-mam:0,3 mam:0"),
    P("th-htx-du-lich-pu-luong", COOP, "HTX Du lịch cộng đồng Pù Luông", "38", "Xã Pù Luông", "du-lich-cong-dong:0,1 du-lich-sinh-thai:1"),
    P("th-tht-ong-thuong-xuan", GROUP, "Tổ hợp tác nuôi ong Thường Xuân", "38", "Xã Thường Xuân", "mat-ong-rung"),
    P("th-ho-banh-gai-tu-tru", HOUSEHOLD, "Cơ sở bánh gai Lê Văn Thành", "38", "Xã Thọ Xuân", "banh-mien-bac:1", "Tứ Trụ"),
    P("th-cty-gao-yen-dinh", ENTERPRISE, "Công ty Cổ phần Nông nghiệp Yên Định Xanh", "38", "Xã Yên Định", "gao-nep"),
    # Cà Mau (96, with former Bạc Liêu): dried shrimp, crab, dried fish, forest honey
    P("cm-htx-thuy-san-tan-an", COOP, "HTX Thủy sản Rạch Gốc", "96", "Xã Tân Ân", "tom-kho kho-ca:1,2", "Rạch Gốc"),
    P("cm-ho-tran-thi-ut", HOUSEHOLD, "Cơ sở khô cá Trần Thị Út", "96", "Xã Sông Đốc", "kho-ca mam:1"),
    P("cm-cty-cua-nam-can", ENTERPRISE, "Công ty TNHH Hải sản Năm Căn", "96", "Xã Năm Căn", "cua tom-tuoi"),
    P("cm-htx-dam-doi", COOP, "HTX Nuôi trồng thủy sản Đầm Dơi", "96", "Xã Đầm Dơi", "cua:0 tom-kho:0,2"),
    P("cm-tht-ong-u-minh", GROUP, "Tổ hợp tác gác kèo ong U Minh", "96", "Xã U Minh", "mat-ong-rung du-lich-sinh-thai:2"),
    P("cm-ho-lam-van-phuc", HOUSEHOLD, "Hộ kinh doanh Lâm Văn Phúc", "96", "Phường An Xuyên", "kho-ca:0,3 tom-kho:1", "Cà Mau"),
    P("cm-htx-du-lich-dat-mui", COOP, "HTX Du lịch sinh thái Đất Mũi", "96", "Xã Đất Mũi", "du-lich-sinh-thai:1,2 tom-kho:0"),
    P("cm-cty-muoi-bac-lieu", ENTERPRISE, "Công ty TNHH Muối ăn Bạc Liêu", "96", "Phường Bạc Liêu", "muoi", "Bạc Liêu"),
    P("cm-htx-lua-tom-thoi-binh", COOP, "HTX Lúa – tôm Thới Bình", "96", "Xã Thới Bình", "gao-mien-tay:0,3 tom-tuoi:0"),
    P("cm-ho-ngo-thi-be", HOUSEHOLD, "Cơ sở mắm Ngô Thị Bé", "96", "Xã Gành Hào", "mam:0,1 tom-kho:1"),
    # Đắk Lắk (66, with former Phú Yên): coffee, durian, honey, pepper
    P("dlk-htx-cu-mgar", COOP, "HTX Nông nghiệp dịch vụ Cư M'gar", "66", "Xã Cư M'gar", "ca-phe:0,2,4 mat-ong-ca-phe:0", "Buôn Ma Thuột"),
    P("dlk-cty-huong-cao-nguyen", ENTERPRISE, "Công ty TNHH Cà phê Hương Cao Nguyên", "66", "Phường Buôn Ma Thuột", "ca-phe", "Buôn Ma Thuột"),
    P("dlk-ho-y-bhin-nie", HOUSEHOLD, "Hộ kinh doanh Y Bhin Niê", "66", "Xã Ea Kar", "ca-phe:1,3"),
    P("dlk-htx-krong-pac", COOP, "HTX Sầu riêng Krông Pắc", "66", "Xã Krông Pắc", "sau-rieng"),
    P("dlk-ho-nguyen-duc-thinh", HOUSEHOLD, "Nhà vườn Nguyễn Đức Thịnh", "66", "Xã Ea Knuếc", "sau-rieng:0,1", "Krông Pắc"),
    P("dlk-cty-ong-tay-nguyen", ENTERPRISE, "Công ty Cổ phần Ong mật Tây Nguyên", "66", "Phường Tân Lập", "mat-ong-ca-phe", "Đắk Lắk"),
    P("dlk-tht-ong-ea-hleo", GROUP, "Tổ hợp tác nuôi ong Ea H'Leo", "66", "Xã Ea H'Leo", "mat-ong-ca-phe:1,2"),
    P("dlk-htx-du-lich-buon-don", COOP, "HTX Du lịch cộng đồng Buôn Đôn", "66", "Xã Buôn Đôn", "du-lich-cong-dong:0,1 du-lich-sinh-thai:1"),
    P("dlk-ho-pham-van-cuong", HOUSEHOLD, "Cơ sở hồ tiêu Phạm Văn Cường", "66", "Xã Ea Kiết", "tieu ca-phe:0", "Cư M'gar"),
    P("dlk-cty-hai-san-song-cau", ENTERPRISE, "Công ty TNHH Hải sản Sông Cầu", "66", "Phường Sông Cầu", "ca-ngu nuoc-mam:1", "Phú Yên"),
    P("dlk-ho-h-hoa-mlo", HOUSEHOLD, "Hộ kinh doanh H'Hoa Mlô", "66", "Xã Krông Ana", "ca-phe:2,4 tho-cam:1"),
    # Thái Nguyên (19, with former Bắc Kạn): tea, arrowroot noodles
    P("tn-htx-che-tan-cuong", COOP, "HTX Chè Tân Cương Hồng Thái", "19", "Xã Tân Cương", "che-thai-nguyen du-lich-cong-dong:2"),
    P("tn-ho-nguyen-van-hung", HOUSEHOLD, "Hộ kinh doanh chè Nguyễn Văn Hùng", "19", "Xã Tân Cương", "che-thai-nguyen:1,2,3"),
    P("tn-htx-che-la-bang", COOP, "HTX Chè La Bằng", "19", "Xã La Bằng", "che-thai-nguyen:0,2"),
    P("tn-tht-che-trai-cai", GROUP, "Tổ hợp tác chè Trại Cài", "19", "Xã Đồng Hỷ", "che-thai-nguyen:0,1", "Trại Cài"),
    P("tn-cty-tra-thai-nguyen", ENTERPRISE, "Công ty TNHH Trà Thái Nguyên Xanh", "19", "Phường Phan Đình Phùng", "che-thai-nguyen:1,3", "Thái Nguyên"),
    P("tn-htx-mien-con-minh", COOP, "HTX Miến dong Côn Minh", "19", "Xã Côn Minh", "mien-dong"),
    P("tn-ho-ma-van-son", HOUSEHOLD, "Hộ kinh doanh Ma Văn Sơn", "19", "Xã Chợ Đồn", "nong-san-rung mat-ong-rung:0", "Bắc Kạn"),
    # Quảng Ngãi (51, with former Kon Tum): rock sugar, garlic, fish sauce, ginseng
    P("qng-ho-truong-van-nhon", HOUSEHOLD, "Cơ sở đường phèn Trương Văn Nhơn", "51", "Xã Sơn Tịnh", "duong:0,1,2", "Quảng Ngãi"),
    P("qng-htx-mia-duong-tu-nghia", COOP, "HTX Mía đường Tư Nghĩa", "51", "Xã Tư Nghĩa", "duong:2,3,4"),
    P("qng-cty-dac-san-binh-son", ENTERPRISE, "Công ty TNHH Đặc sản Bình Sơn", "51", "Xã Bình Sơn", "duong:0,2,3", "Quảng Ngãi"),
    P("qng-ho-vo-van-sau", HOUSEHOLD, "Hộ kinh doanh Võ Văn Sáu", "51", "Đặc khu Lý Sơn", "toi"),
    P("qng-htx-nuoc-mam-sa-huynh", COOP, "HTX Nước mắm Sa Huỳnh", "51", "Phường Sa Huỳnh", "nuoc-mam:0,1,2"),
    P("qng-cty-sam-mang-den", ENTERPRISE, "Công ty TNHH Dược liệu Măng Đen", "51", "Xã Ngọc Linh", "sam", "Ngọc Linh"),
    P("qng-htx-du-lich-mang-den", COOP, "HTX Du lịch sinh thái Măng Đen", "51", "Xã Măng Đen", "du-lich-sinh-thai:1,2 nong-san-rung:0"),
    P("qng-ho-ho-thi-lan", HOUSEHOLD, "Cơ sở tinh dầu quế Hồ Thị Lan", "51", "Xã Trà Bồng", "tinh-dau:2 my-pham:0"),
    # Lâm Đồng (68, with former Đắk Nông and Bình Thuận)
    P("ld-htx-atiso-lang-biang", COOP, "HTX Atiso Lang Biang", "68", "Phường Lang Biang - Đà Lạt", "tra-lam-dong:1 rau-da-lat:0 cao-duoc-lieu:0", "Đà Lạt"),
    P("ld-cty-tra-blao", ENTERPRISE, "Công ty TNHH Trà Ô long B'Lao", "68", "Phường B'Lao", "tra-lam-dong:0,2 lua-to-tam:0,1", "Bảo Lộc"),
    P("ld-ho-tran-minh-khang", HOUSEHOLD, "Nông trại Trần Minh Khang", "68", "Phường Xuân Trường - Đà Lạt", "rau-da-lat:1,2,3", "Đà Lạt"),
    P("ld-htx-arabica-cau-dat", COOP, "HTX Cà phê Arabica Cầu Đất", "68", "Phường Xuân Trường - Đà Lạt", "ca-phe-arabica", "Cầu Đất"),
    P("ld-ho-pham-thi-ngoc", HOUSEHOLD, "Vườn lan Phạm Thị Ngọc", "68", "Phường Cam Ly - Đà Lạt", "hoa-canh:0,1 cao-duoc-lieu:2", "Đà Lạt"),
    P("ld-htx-dak-mil", COOP, "HTX Nông nghiệp Đắk Mil", "68", "Xã Đắk Mil", "sau-rieng:0,2 ca-phe:0 tieu:0"),
    P("ld-cty-nuoc-mam-mui-ne", ENTERPRISE, "Công ty TNHH Nước mắm Mũi Né Xanh", "68", "Phường Mũi Né", "nuoc-mam", "Phan Thiết"),
    P("ld-htx-thanh-long-ham-thuan", COOP, "HTX Thanh long Hàm Thuận Nam", "68", "Xã Hàm Thuận Nam", "thanh-long"),
    # Quảng Ninh (22)
    P("qn-cty-cha-muc-ha-long", ENTERPRISE, "Công ty TNHH Chả mực Biển Xanh Hạ Long", "22", "Phường Hạ Long", "cha-muc sa-sung:0", "Hạ Long"),
    P("qn-ho-do-thi-thu", HOUSEHOLD, "Cơ sở chả mực Đỗ Thị Thu", "22", "Phường Bãi Cháy", "cha-muc:0"),
    P("qn-htx-quan-lan", COOP, "HTX Hải sản Quan Lạn", "22", "Đặc khu Vân Đồn", "sa-sung nuoc-mam:1,2", "Vân Đồn"),
    P("qn-htx-mien-binh-lieu", COOP, "HTX Miến dong Bình Liêu", "22", "Xã Bình Liêu", "mien-dong"),
    P("qn-tht-ga-tien-yen", GROUP, "Tổ hợp tác gà Tiên Yên", "22", "Xã Tiên Yên", "ga"),
    P("qn-htx-ba-che", COOP, "HTX Trà hoa vàng Ba Chẽ", "22", "Xã Ba Chẽ", "tra-thao-duoc:1,2"),
    # Hưng Yên (33, with former Thái Bình)
    P("hy-htx-nhan-pho-hien", COOP, "HTX Nhãn lồng Phố Hiến", "33", "Phường Phố Hiến", "nhan-long mat-ong-nhan:0", "Hưng Yên"),
    P("hy-ho-dao-thi-hue", HOUSEHOLD, "Cơ sở long nhãn Đào Thị Huệ", "33", "Xã Tân Hưng", "nhan-long:2 mat-ong-nhan", "Hưng Yên"),
    P("hy-cty-tuong-ban", ENTERPRISE, "Công ty TNHH Tương Bần Mỹ Hào", "33", "Phường Mỹ Hào", "tuong", "Bần"),
    P("hy-ho-pham-van-quy", HOUSEHOLD, "Trang trại gà Đông Tảo Phạm Văn Quý", "33", "Xã Khoái Châu", "ga", "Đông Tảo"),
    P("hy-htx-thuy-anh", COOP, "HTX Nông nghiệp Thụy Anh", "33", "Xã Thụy Anh", "gao-nep", "Thái Bình"),
    P("hy-ho-nguyen-thi-hanh", HOUSEHOLD, "Cơ sở tinh bột nghệ Nguyễn Thị Hạnh", "33", "Xã Khoái Châu", "nghe", "Hưng Yên"),
    # Bắc Ninh (24, with former Bắc Giang)
    P("bn-htx-vai-luc-ngan", COOP, "HTX Vải thiều Lục Ngạn", "24", "Xã Lục Ngạn", "vai-thieu"),
    P("bn-ho-than-van-luc", HOUSEHOLD, "Nhà vườn Thân Văn Lực", "24", "Phường Chũ", "vai-thieu:0,1", "Lục Ngạn"),
    P("bn-cty-ruou-lang-van", ENTERPRISE, "Công ty Cổ phần Rượu Vân Hà", "24", "Phường Vân Hà", "ruou-lang", "làng Vân"),
    P("bn-ho-nguyen-van-dong", HOUSEHOLD, "Xưởng mộc Nguyễn Văn Đông", "24", "Phường Từ Sơn", "go", "Đồng Kỵ"),
    P("bn-htx-gom-phu-lang", COOP, "HTX Gốm Phù Lãng", "24", "Xã Phù Lãng", "gom:1,2 diem-du-lich"),
    P("bn-tht-ga-ho", GROUP, "Tổ hợp tác gà Hồ Thuận Thành", "24", "Phường Thuận Thành", "ga:0", "Hồ"),
    P("bn-ho-dong-dai-bai", HOUSEHOLD, "Cơ sở đúc đồng Nguyễn Văn Bái", "24", "Xã Đại Lai", "kim-loai:2", "Đại Bái"),
    # Hà Nội (01): craft villages
    P("hn-htx-gom-bat-trang", COOP, "HTX Gốm sứ truyền thống Bát Tràng", "01", "Xã Bát Tràng", "gom:0,3 diem-du-lich"),
    P("hn-ho-le-minh-duc", HOUSEHOLD, "Lò gốm Lê Minh Đức", "01", "Xã Bát Tràng", "gom:1,2"),
    P("hn-htx-lua-van-phuc", COOP, "HTX Lụa tơ tằm Vạn Phúc", "01", "Phường Hà Đông", "lua-to-tam diem-du-lich:0", "Vạn Phúc"),
    P("hn-ho-nguyen-thi-lien", HOUSEHOLD, "Cơ sở nón lá Nguyễn Thị Liên", "01", "Xã Dân Hòa", "non-la:1", "làng Chuông"),
    P("hn-htx-may-tre-phu-vinh", COOP, "HTX Mây tre đan Phú Vinh", "01", "Phường Chương Mỹ", "may-tre", "Phú Vinh"),
    P("hn-ho-nguyen-van-tan", HOUSEHOLD, "Vườn đào Nguyễn Văn Tân", "01", "Phường Tây Hồ", "hoa-canh:3", "Nhật Tân"),
    P("hn-ho-ren-da-sy", HOUSEHOLD, "Cơ sở rèn Nguyễn Văn Bảy", "01", "Phường Kiến Hưng", "kim-loai:0,1", "Đa Sỹ"),
    P("hn-htx-bo-sua-tan-vien", COOP, "HTX Bò sữa Tản Viên", "01", "Xã Ba Vì", "sua"),
    # Huế (46)
    P("hue-ho-tran-thi-hoa", HOUSEHOLD, "Cơ sở mè xửng Trần Thị Hoa", "46", "Phường Phú Xuân", "banh-mien-bac:3", "Huế"),
    P("hue-htx-non-la-phu-ho", COOP, "HTX Nón lá Phú Hồ", "46", "Xã Phú Hồ", "non-la", "Huế"),
    P("hue-cty-tinh-dau-phong-dien", ENTERPRISE, "Công ty TNHH Tinh dầu Phong Điền", "46", "Phường Phong Điền", "tinh-dau:0,1 my-pham", "Huế"),
    P("hue-ho-ruou-lang-chuon", HOUSEHOLD, "Lò rượu Lê Văn Tín", "46", "Xã Phú Vang", "ruou-lang", "làng Chuồn"),
    P("hue-ho-ngoc-anh", HOUSEHOLD, "Cơ sở mắm Ngọc Anh", "46", "Phường Hương Thủy", "mam:4 muoi:2", "Huế"),
    P("hue-tht-du-lich-thuy-bieu", GROUP, "Tổ hợp tác du lịch cộng đồng Thủy Biều", "46", "Phường Thủy Xuân", "du-lich-cong-dong:0,1", "Thủy Biều"),
    # Nghệ An (40), Hà Tĩnh (42)
    P("na-htx-cam-vinh", COOP, "HTX Cam Nghi Lộc", "40", "Xã Nghi Lộc", "cam", "Vinh"),
    P("na-ho-hoang-thi-ly", HOUSEHOLD, "Cơ sở tương Hoàng Thị Lý", "40", "Xã Nam Đàn", "tuong"),
    P("na-cty-duoc-lieu-pu-mat", ENTERPRISE, "Công ty TNHH Dược liệu Pù Mát", "40", "Xã Con Cuông", "nghe tra-thao-duoc:0,3", "Nghệ An"),
    P("na-tht-ong-quy-chau", GROUP, "Tổ hợp tác nuôi ong Quỳ Châu", "40", "Xã Quỳ Châu", "mat-ong-rung:0,1"),
    P("ht-ho-thanh-nga", HOUSEHOLD, "Cơ sở kẹo cu đơ Thanh Nga", "42", "Phường Thành Sen", "banh-mien-bac:2", "Hà Tĩnh"),
    P("ht-htx-buoi-phuc-trach", COOP, "HTX Bưởi Phúc Trạch", "42", "Xã Phúc Trạch", "buoi:2"),
    # Vĩnh Long (86, with former Bến Tre and Trà Vinh)
    P("vl-cty-keo-dua-huong-que", ENTERPRISE, "Công ty TNHH Kẹo dừa Hương Quê", "86", "Xã Mỏ Cày", "keo-dua", "Bến Tre"),
    P("vl-ho-ut-hien", HOUSEHOLD, "Cơ sở kẹo dừa Út Hiền", "86", "Phường Bến Tre", "keo-dua:0,1,3", "Bến Tre"),
    P("vl-htx-buoi-giong-trom", COOP, "HTX Bưởi da xanh Giồng Trôm", "86", "Xã Giồng Trôm", "buoi:0 nuoc-qua:3"),
    P("vl-htx-hoa-kieng-cai-mon", COOP, "HTX Hoa kiểng Cái Mơn", "86", "Xã Chợ Lách", "hoa-canh:1,2", "Cái Mơn"),
    P("vl-tht-du-lich-an-binh", GROUP, "Tổ hợp tác du lịch miệt vườn An Bình", "86", "Xã An Bình", "du-lich-sinh-thai:0,1 buoi:1"),
    P("vl-ho-thach-thi-sa-ly", HOUSEHOLD, "Cơ sở bánh Thạch Thị Sa Ly", "86", "Xã Trà Cú", "banh-mien-tay:1,2", "Trà Cú"),
    # An Giang (91, with former Kiên Giang)
    P("ag-cty-mam-vinh-te", ENTERPRISE, "Công ty TNHH Mắm Vĩnh Tế", "91", "Phường Châu Đốc", "mam:0,2,3", "Châu Đốc"),
    P("ag-htx-tri-ton", COOP, "HTX Nông nghiệp Tri Tôn", "91", "Xã Tri Tôn", "gao-mien-tay:2,3"),
    P("ag-ho-chau-soc-kha", HOUSEHOLD, "Cơ sở đường thốt nốt Chau Sóc Kha", "91", "Phường Tịnh Biên", "duong-thot-not"),
    P("ag-cty-nuoc-mam-hai-dang", ENTERPRISE, "Công ty TNHH Nước mắm Hải Đăng", "91", "Đặc khu Phú Quốc", "nuoc-mam:0,1 tieu:0,1"),
    P("ag-ho-nguyen-thi-tham", HOUSEHOLD, "Cơ sở rượu sim Nguyễn Thị Thắm", "91", "Đặc khu Phú Quốc", "ruou-trai-cay:1 my-pham:2"),
    P("ag-tht-kho-ca-hoa-lac", GROUP, "Tổ hợp tác khô cá Hòa Lạc", "91", "Xã Hòa Lạc", "kho-ca:0,3", "An Giang"),
    # Đồng Tháp (82, with former Tiền Giang)
    P("dt-htx-hoa-sa-dec", COOP, "HTX Hoa kiểng Tân Quy Đông", "82", "Phường Sa Đéc", "hoa-canh:0,1 sp-tu-gao:0", "Sa Đéc"),
    P("dt-ho-vo-van-nam", HOUSEHOLD, "Nhà vườn Võ Văn Năm", "82", "Xã Cái Bè", "xoai say-deo:1"),
    P("dt-ho-le-thi-bich", HOUSEHOLD, "Cơ sở sen Lê Thị Bích", "82", "Xã Tháp Mười", "sen"),
    P("dt-htx-tram-chim", COOP, "HTX Nông nghiệp Tràm Chim", "82", "Xã Tràm Chim", "gao-mien-tay:1,3 du-lich-sinh-thai:2", "Tam Nông"),
    P("dt-cty-banh-phong-cai-be", ENTERPRISE, "Công ty TNHH Thực phẩm Sông Tiền", "82", "Phường Cai Lậy", "sp-tu-gao:0,1 ca-canh", "Cai Lậy"),
    # Cần Thơ (92, with former Sóc Trăng and Hậu Giang)
    P("ct-cty-banh-pia-kim-sa", ENTERPRISE, "Công ty TNHH Bánh pía Kim Sa", "92", "Phường Vĩnh Châu", "banh-mien-tay", "Vĩnh Châu"),
    P("ct-htx-thanh-phu", COOP, "HTX Nông nghiệp Thạnh Phú", "92", "Xã Thạnh Phú", "gao-mien-tay:0,1", "Sóc Trăng"),
    P("ct-ho-tran-van-ut", HOUSEHOLD, "Nhà vườn Trần Văn Út", "92", "Xã Phong Điền", "buoi:1 du-lich-sinh-thai:0"),
    # Northern mountains: Tuyên Quang (08), Lào Cai (15), Lai Châu (12), Điện Biên (11), Cao Bằng (04), Lạng Sơn (20)
    P("tq-htx-ong-dong-van", COOP, "HTX Ong mật cao nguyên đá Đồng Văn", "08", "Xã Đồng Văn", "mat-ong-bac-ha"),
    P("tq-ho-sung-thi-may", HOUSEHOLD, "Hộ kinh doanh Sùng Thị Máy", "08", "Xã Lũng Cú", "tho-cam du-lich-cong-dong:1"),
    P("tq-htx-che-hoang-su-phi", COOP, "HTX Chè Shan tuyết Hoàng Su Phì", "08", "Xã Hoàng Su Phì", "che-shan:0,2"),
    P("tq-ho-vang-van-sinh", HOUSEHOLD, "Lò rượu Vàng Văn Sinh", "08", "Xã Quản Bạ", "ruou-men-la"),
    P("lc-htx-muong-khuong", COOP, "HTX Nông nghiệp Mường Khương", "15", "Xã Mường Khương", "gao-vung-cao:0,1"),
    P("lc-ho-giang-seo-lu", HOUSEHOLD, "Hộ kinh doanh Giàng Seo Lử", "15", "Xã Bắc Hà", "ruou-men-la:0 ruou-trai-cay:2"),
    P("lc-htx-tho-cam-ta-van", COOP, "HTX Thổ cẩm Tả Van", "15", "Xã Tả Van", "tho-cam du-lich-cong-dong:0,1"),
    P("lc-cty-duoc-lieu-sa-pa", ENTERPRISE, "Công ty TNHH Dược liệu Hoàng Liên", "15", "Phường Sa Pa", "tra-thao-duoc:3 my-pham:1 cao-duoc-lieu:1", "Sa Pa"),
    P("lcu-ho-lo-thi-phuong", HOUSEHOLD, "Hộ kinh doanh Lò Thị Phượng", "12", "Xã Sìn Hồ", "che-shan:1,3"),
    P("lcu-cty-sam-lai-chau", ENTERPRISE, "Công ty TNHH Sâm Mường Tè", "12", "Xã Mường Tè", "sam:0,1", "Lai Châu"),
    P("db-htx-thanh-yen", COOP, "HTX Nông nghiệp Thanh Yên", "11", "Xã Thanh Yên", "gao-vung-cao", "Điện Biên"),
    P("cb-ho-nong-van-hau", HOUSEHOLD, "Lò rèn Nông Văn Hậu", "04", "Xã Quảng Uyên", "kim-loai:0,1", "Phúc Sen"),
    P("cb-htx-hat-de-trung-khanh", COOP, "HTX Hạt dẻ Trùng Khánh", "04", "Xã Trùng Khánh", "hat-de"),
    P("ls-htx-hoi-van-quan", COOP, "HTX Hồi Văn Quan", "20", "Xã Văn Quan", "tinh-dau:3", "Lạng Sơn"),
    # Phú Thọ (25), Hải Phòng (31), Ninh Bình (37), Quảng Trị (44)
    P("pt-htx-cam-cao-phong", COOP, "HTX Cam Cao Phong", "25", "Xã Cao Phong", "cam"),
    P("pt-ho-ha-thi-mai", HOUSEHOLD, "Cơ sở dệt thổ cẩm Hà Thị Mai", "25", "Xã Mai Châu", "tho-cam:0,2 du-lich-cong-dong:1"),
    P("pt-cty-buoi-doan-hung", ENTERPRISE, "Công ty Cổ phần Nông sản Đoan Hùng", "25", "Xã Đoan Hùng", "buoi:2"),
    P("hp-htx-vai-thanh-ha", COOP, "HTX Vải thiều Thanh Hà", "31", "Xã Thanh Hà", "vai-thieu:0,2"),
    P("hp-cty-banh-dau-xanh", ENTERPRISE, "Công ty TNHH Bánh đậu xanh Hoa Sen", "31", "Phường Hải Dương", "banh-mien-bac:0", "Hải Dương"),
    P("hp-ho-pham-van-tu", HOUSEHOLD, "Cơ sở nước mắm Phạm Văn Tư", "31", "Đặc khu Cát Hải", "nuoc-mam:2,3"),
    P("hp-htx-gom-chu-dau", COOP, "HTX Gốm Chu Đậu", "31", "Xã Thái Tân", "gom:0,1", "Chu Đậu"),
    P("hp-ho-banh-gai-ninh-giang", HOUSEHOLD, "Cơ sở bánh gai Vũ Thị Nụ", "31", "Xã Ninh Giang", "banh-mien-bac:1"),
    P("nb-htx-coi-kim-son", COOP, "HTX Cói Kim Sơn", "37", "Xã Kim Sơn", "coi:1,2"),
    P("nb-cty-ruou-kim-son", ENTERPRISE, "Công ty TNHH Rượu Kim Sơn Ninh Bình", "37", "Xã Kim Sơn", "ruou-lang"),
    P("nb-htx-nep-hai-hau", COOP, "HTX Nông nghiệp Hải Hậu", "37", "Xã Hải Hậu", "gao-nep"),
    P("qt-htx-arabica-khe-sanh", COOP, "HTX Cà phê Khe Sanh", "44", "Xã Khe Sanh", "ca-phe-arabica:0,2"),
    P("qt-htx-du-lich-phong-nha", COOP, "HTX Du lịch cộng đồng Phong Nha", "44", "Xã Phong Nha", "du-lich-sinh-thai:1,2 du-lich-cong-dong:1"),
    P("qt-ho-tieu-gio-linh", HOUSEHOLD, "Cơ sở hồ tiêu Lê Văn Hiếu", "44", "Xã Gio Linh", "tieu:0,1"),
    # Đà Nẵng (48, with former Quảng Nam), Gia Lai (52, with former Bình Định), Khánh Hòa (56)
    P("dn-htx-gom-thanh-ha", COOP, "HTX Gốm Thanh Hà", "48", "Phường Hội An Tây", "gom:1,2 diem-du-lich", "Thanh Hà"),
    P("dn-cty-sam-tra-my", ENTERPRISE, "Công ty Cổ phần Sâm Trà My", "48", "Xã Nam Trà My", "sam", "Ngọc Linh Trà My"),
    P("dn-ho-nuoc-mam-nam-o", HOUSEHOLD, "Cơ sở nước mắm Trần Văn Tám", "48", "Phường Liên Chiểu", "nuoc-mam:0,2", "Nam Ô"),
    P("dn-ho-den-long-hoi-an", HOUSEHOLD, "Xưởng đèn lồng Huỳnh Thị Mỹ", "48", "Phường Hội An", "den-long", "Hội An"),
    P("gl-cty-ruou-bau-da", ENTERPRISE, "Công ty TNHH Rượu Bàu Đá An Nhơn", "52", "Phường An Nhơn", "ruou-lang", "Bàu Đá"),
    P("gl-htx-chu-se", COOP, "HTX Nông nghiệp Chư Sê", "52", "Xã Chư Sê", "tieu:0,2 ca-phe:1"),
    P("gl-ho-huynh-van-sau", HOUSEHOLD, "Vườn mai Huỳnh Văn Sáu", "52", "Phường An Nhơn Bắc", "hoa-canh:2", "Nhơn An"),
    P("gl-htx-nuoc-mam-tam-quan", COOP, "HTX Nước mắm Tam Quan", "52", "Phường Tam Quan", "nuoc-mam:0,3"),
    P("kh-htx-nho-ninh-thuan", COOP, "HTX Nho Ninh Sơn", "56", "Xã Ninh Sơn", "ruou-trai-cay:3 say-deo:3", "Ninh Thuận"),
    P("kh-ho-gom-bau-truc", HOUSEHOLD, "Cơ sở gốm Đàng Thị Hoa", "56", "Xã Ninh Phước", "gom:1,2", "Bàu Trúc"),
    # Southeast: Đồng Nai (75, with former Bình Phước), Hồ Chí Minh (79), Tây Ninh (80)
    P("dna-cty-hat-dieu-binh-phuoc", ENTERPRISE, "Công ty TNHH Hạt điều Đồng Xoài", "75", "Phường Đồng Xoài", "hat-dieu", "Bình Phước"),
    P("dna-htx-bu-dang", COOP, "HTX Điều Bù Đăng", "75", "Xã Bù Đăng", "hat-dieu:0,1"),
    P("dna-ho-sau-rieng-long-khanh", HOUSEHOLD, "Nhà vườn Đỗ Văn Lành", "75", "Phường Long Khánh", "sau-rieng:0,1"),
    P("hcm-htx-du-lich-can-gio", COOP, "HTX Du lịch sinh thái Cần Giờ", "79", "Xã Cần Giờ", "du-lich-sinh-thai:1,2"),
    P("tn2-ho-banh-trang-trang-bang", HOUSEHOLD, "Cơ sở bánh tráng Ngô Thị Sen", "80", "Phường Trảng Bàng", "sp-tu-gao:2"),
    P("tn2-cty-muoi-tom-tay-ninh", ENTERPRISE, "Công ty TNHH Muối tôm Tây Ninh Xanh", "80", "Phường Tân Ninh", "muoi:0,2", "Tây Ninh"),
]  # fmt: skip
