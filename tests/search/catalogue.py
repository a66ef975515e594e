"""A fixed catalogue for the search tests: ~100 OCOP-like products built with the ORM.

Chosen to trip a naive search: "cà phê" next to "cá" and "Cà Mau", "đường" next to "đuông"
and "dưỡng", "khô" (dried) next to "kho" (braised), "lụa" (silk) next to "giò lụa", expired
and revoked certificates, an out-of-stock and a private product. Products are reached by key:
`catalogue.build()` returns {key: Product}.
"""

import datetime
from decimal import Decimal

from django.utils import timezone
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
Category = get_model("catalogue", "Category")
OcopCertificate = get_model("catalogue", "OcopCertificate")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
Commune = get_model("regions", "Commune")

# group code -> (name, {sub-group code: name})
GROUPS = {
    "food": ("Thực phẩm", {"fresh": "Nông sản tươi", "processed": "Thực phẩm chế biến", "spice": "Gia vị"}),
    "beverage": ("Đồ uống", {"tea": "Trà", "coffee": "Cà phê", "liquor": "Rượu"}),
    "herbal": ("Dược liệu và sản phẩm từ dược liệu", {"herb": "Dược liệu"}),
    "handicraft": ("Thủ công mỹ nghệ", {"craft": "Đồ thủ công"}),
    "ornamental": ("Sinh vật cảnh", {"plant": "Cây cảnh và hoa"}),
    "tourism": ("Dịch vụ du lịch cộng đồng", {"village": "Du lịch cộng đồng"}),
}

# key: (title, sub-group, province code, producer type, price VND, stars or None)
PRODUCTS = {
    # coffee, next to fish (cá) and Cà Mau
    "cafe_bmt": ("Cà phê Buôn Ma Thuột rang xay nguyên chất", "coffee", "66", "cooperative", 185_000, 5),
    "cafe_robusta": ("Cà phê hạt Robusta Buôn Ma Thuột", "coffee", "66", "enterprise", 210_000, 4),
    "cafe_arabica_sonla": ("Cà phê Arabica Sơn La", "coffee", "14", "cooperative", 250_000, 4),
    "cafe_cau_dat": ("Cà phê Cầu Đất Arabica", "coffee", "68", "enterprise", 230_000, 3),
    "cafe_chon": ("Cà phê chồn Đà Lạt", "coffee", "68", "household", 950_000, None),
    "cafe_hoa_tan": ("Cà phê hòa tan 3 trong 1", "coffee", "66", "enterprise", 65_000, 3),
    "ca_kho_vu_dai": ("Cá kho làng Vũ Đại", "processed", "37", "household", 250_000, 4),
    "kho_ca_loc": ("Khô cá lóc Cà Mau", "processed", "96", "household", 320_000, 3),
    "ca_basa": ("Cá basa phi lê An Giang", "fresh", "91", "enterprise", 90_000, 3),
    "cha_muc": ("Chả mực Hạ Long", "processed", "22", "enterprise", 420_000, 5),
    "nuoc_mam_phu_quoc": ("Nước mắm Phú Quốc 40 độ đạm", "processed", "91", "enterprise", 150_000, 5),
    "nuoc_mam_nam_o": ("Nước mắm Nam Ô", "processed", "48", "coop_group", 120_000, 4),
    # honey
    "mat_ong_hoa_ca_phe": ("Mật ong hoa cà phê Đắk Lắk", "processed", "66", "cooperative", 180_000, 4),
    # every word of "ca phe buon ma thuot", and the whole phrase, in a honey's title
    "mat_ong_hoa_ca_phe_bmt": ("Mật ong hoa cà phê Buôn Ma Thuột", "processed", "66", "cooperative", 190_000, None),
    "mat_ong_rung": ("Mật ong rừng U Minh", "processed", "96", "coop_group", 350_000, 4),
    "mat_ong_bac_ha": ("Mật ong bạc hà Hà Giang", "processed", "08", "cooperative", 400_000, 5),
    "mat_ong_nhan": ("Mật ong hoa nhãn Hưng Yên chai 500ml", "processed", "33", "household", 160_000, 3),
    # the same words, a different product: "mật ong Sơn La" is a phrase in the coffee's title
    "mat_ong_hoa_ban": ("Mật ong hoa ban Sơn La", "processed", "14", "household", 300_000, None),
    "cafe_mat_ong_son_la": ("Cà phê Arabica chế biến mật ong Sơn La", "coffee", "14", "cooperative", 280_000, 4),
    # sugar and its look-alikes
    "duong_phen": ("Đường phèn Quảng Ngãi", "processed", "51", "cooperative", 60_000, 4),
    "duong_thot_not": ("Đường thốt nốt An Giang", "processed", "91", "cooperative", 85_000, 4),
    "duong_dua": ("Đuông dừa Trà Vinh", "fresh", "86", "household", 200_000, None),
    "kem_duong_nghe": ("Kem dưỡng da nghệ", "herb", "40", "enterprise", 135_000, 3),
    # tea
    "che_tan_cuong": ("Chè Tân Cương Thái Nguyên", "tea", "19", "cooperative", 300_000, 5),
    "tra_shan_tuyet": ("Trà Shan tuyết cổ thụ Suối Giàng", "tea", "15", "cooperative", 450_000, 5),
    "che_shan_tuyet_hsp": ("Chè Shan tuyết cổ thụ Hoàng Su Phì", "tea", "08", "coop_group", 380_000, 4),
    "tra_o_long": ("Trà ô long Bảo Lộc", "tea", "68", "enterprise", 280_000, 4),
    "tra_atiso": ("Trà atiso Đà Lạt", "tea", "68", "enterprise", 95_000, 4),
    "che_tui_loc": ("Chè túi lọc Thái Nguyên", "tea", "19", "coop_group", 55_000, 3),
    "tra_sen": ("Trà sen Tây Hồ", "tea", "01", "household", 900_000, 5),
    "tra_gung": ("Trà gừng mật ong", "tea", "40", "household", 70_000, 3),
    # dried (khô / sấy)
    "tom_kho_ca_mau": ("Tôm khô Cà Mau", "processed", "96", "enterprise", 650_000, 5),
    "muc_kho": ("Mực khô Cô Tô", "processed", "22", "household", 900_000, 4),
    "xoai_say_deo": ("Xoài sấy dẻo Đồng Tháp", "processed", "82", "enterprise", 120_000, 4),
    "chuoi_say": ("Chuối sấy giòn", "processed", "86", "coop_group", 45_000, 3),
    "mit_say": ("Mít sấy Đắk Lắk", "processed", "66", "household", 75_000, 3),
    "khoai_lang_say": ("Khoai lang sấy dẻo Vĩnh Long", "processed", "86", "cooperative", 65_000, 3),
    "trau_gac_bep": ("Thịt trâu gác bếp Sơn La", "processed", "14", "household", 850_000, 4),
    "lap_xuong": ("Lạp xưởng Cần Đước", "processed", "80", "household", 190_000, 3),
    "pho_kho": ("Phở khô Nam Định", "processed", "37", "enterprise", 40_000, 3),
    "dong_trung_say": ("Đông trùng hạ thảo sấy khô", "herb", "01", "enterprise", 1_200_000, 4),
    # rice
    "gao_st25": ("Gạo ST25 Sóc Trăng", "fresh", "92", "enterprise", 45_000, 5),
    "gao_tam_dien_bien": ("Gạo tám thơm Điện Biên", "fresh", "11", "cooperative", 38_000, 4),
    "gao_lut_do": ("Gạo lứt đỏ hữu cơ", "fresh", "82", "cooperative", 52_000, 3),
    "nep_cai_hoa_vang": ("Gạo nếp cái hoa vàng", "fresh", "33", "household", 48_000, 3),
    # fruit
    "buoi_da_xanh": ("Bưởi da xanh Bến Tre", "fresh", "86", "cooperative", 70_000, 4),
    "vai_thieu": ("Vải thiều Lục Ngạn", "fresh", "24", "cooperative", 60_000, 5),
    "nhan_long": ("Nhãn lồng Hưng Yên", "fresh", "33", "coop_group", 55_000, 4),
    "cam_cao_phong": ("Cam Cao Phong", "fresh", "25", "cooperative", 35_000, 4),
    "xoai_cat_hoa_loc": ("Xoài cát Hòa Lộc", "fresh", "82", "cooperative", 80_000, 4),
    "sau_rieng_ri6": ("Sầu riêng Ri6 Đắk Lắk", "fresh", "66", "household", 110_000, 3),
    "thanh_long": ("Thanh long ruột đỏ Bình Thuận", "fresh", "68", "cooperative", 30_000, 3),
    "chuoi_ngu": ("Chuối ngự Đại Hoàng", "fresh", "37", "household", 50_000, 3),
    # spices and nuts
    "tieu_phu_quoc": ("Hồ tiêu Phú Quốc", "spice", "91", "household", 220_000, 4),
    "tieu_chu_se": ("Hạt tiêu đen Chư Sê Gia Lai", "spice", "52", "cooperative", 180_000, 4),
    "toi_ly_son": ("Tỏi Lý Sơn", "spice", "51", "cooperative", 160_000, 5),
    "gung_se": ("Gừng sẻ Nghệ An", "spice", "40", "household", 40_000, 3),
    "tinh_bot_nghe": ("Tinh bột nghệ nguyên chất", "herb", "40", "enterprise", 250_000, 4),
    "muoi_tom": ("Muối tôm Tây Ninh", "spice", "80", "household", 35_000, 4),
    "hat_dieu": ("Hạt điều rang muối Bình Phước", "processed", "75", "enterprise", 260_000, 5),
    "hat_mac_ca": ("Hạt mắc ca Tây Nguyên", "processed", "66", "enterprise", 330_000, 4),
    # herbs
    "sam_ngoc_linh": ("Sâm Ngọc Linh Kon Tum", "herb", "51", "enterprise", 3_500_000, 5),
    "nam_linh_chi": ("Nấm linh chi đỏ", "herb", "01", "cooperative", 650_000, 4),
    "cao_atiso": ("Cao atiso Lâm Đồng", "herb", "68", "enterprise", 210_000, 4),
    "tinh_dau_sa": ("Tinh dầu sả chanh", "herb", "42", "coop_group", 90_000, 3),
    "nam_huong": ("Nấm hương rừng Lào Cai", "fresh", "15", "cooperative", 380_000, 4),
    # liquor
    "ruou_sim": ("Rượu sim Phú Quốc", "liquor", "91", "enterprise", 280_000, 4),
    "ruou_ngo_bac_ha": ("Rượu ngô Bắc Hà", "liquor", "15", "cooperative", 150_000, 4),
    "ruou_lang_van": ("Rượu làng Vân", "liquor", "24", "household", 200_000, 3),
    "ruou_trai_cay": ("Rượu trái cây Mộc Châu", "liquor", "14", "cooperative", 150_000, None),
    "vang_nho": ("Rượu vang nho Ninh Thuận", "liquor", "56", "enterprise", 240_000, 4),
    # handicraft
    "tho_cam_mai_chau": ("Thổ cẩm Mai Châu", "craft", "25", "coop_group", 350_000, 4),
    "gom_bat_trang": ("Gốm Bát Tràng men lam", "craft", "01", "enterprise", 550_000, 5),
    "may_tre_dan": ("Giỏ mây tre đan Phú Vinh", "craft", "01", "cooperative", 150_000, 4),
    "lua_van_phuc": ("Lụa tơ tằm Vạn Phúc", "craft", "01", "household", 700_000, 4),
    "non_la": ("Nón lá Huế", "craft", "46", "household", 80_000, 3),
    "chieu_coi": ("Chiếu cói Kim Sơn", "craft", "37", "coop_group", 180_000, 3),
    "tranh_dong_ho": ("Tranh dân gian Đông Hồ", "craft", "24", "household", 250_000, 4),
    # ornamental plants
    "lan_ho_diep": ("Lan hồ điệp", "plant", "01", "enterprise", 450_000, 3),
    "dao_nhat_tan": ("Đào Nhật Tân", "plant", "01", "household", 1_500_000, 3),
    "quat_canh": ("Quất cảnh Tứ Liên", "plant", "01", "household", 800_000, None),
    # community tourism
    "ban_ang": ("Du lịch cộng đồng bản Áng Mộc Châu", "village", "14", "coop_group", 500_000, 3),
    "cat_cat": ("Du lịch cộng đồng bản Cát Cát Sa Pa", "village", "15", "cooperative", 600_000, 4),
    # processed food
    "banh_trang": ("Bánh tráng phơi sương Trảng Bàng", "processed", "80", "household", 60_000, 4),
    "banh_pia": ("Bánh pía Sóc Trăng", "processed", "92", "enterprise", 95_000, 4),
    "keo_dua": ("Kẹo dừa Bến Tre", "processed", "86", "enterprise", 50_000, 4),
    "banh_cay": ("Bánh cáy Thái Bình", "processed", "33", "household", 60_000, 3),
    "mam_tom": ("Mắm tôm Hậu Lộc", "processed", "38", "coop_group", 45_000, 3),
    "nem_chua": ("Nem chua Thanh Hóa", "processed", "38", "enterprise", 90_000, 4),
    "gio_lua": ("Giò lụa Ước Lễ", "processed", "01", "household", 280_000, 3),
    "mien_dong": ("Miến dong Bình Liêu", "processed", "22", "cooperative", 90_000, 4),
    "banh_chung": ("Bánh chưng Tranh Khúc", "processed", "01", "household", 120_000, 3),
    "ruoc_tom": ("Ruốc tôm Cửa Lò", "processed", "40", "household", 300_000, 3),
    "ca_com_kho": ("Cá cơm khô Phú Quốc", "processed", "91", "household", 240_000, 3),
    "tuong_ban": ("Tương Bần Hưng Yên", "processed", "33", "household", 40_000, 3),
    "dua_kieu": ("Dưa kiệu Trà Vinh", "processed", "86", "household", 70_000, None),
    "thit_chua": ("Thịt chua Thanh Sơn", "processed", "25", "household", 150_000, 4),
    # certificate and stock edge cases (their state is set in build())
    "cafe_khe_sanh_expired": ("Cà phê Khe Sanh", "coffee", "44", "cooperative", 160_000, 4),
    "mat_ong_revoked": ("Mật ong bạc hà Đồng Văn", "processed", "08", "household", 420_000, 5),
    "nuoc_mam_proposed": ("Nước mắm Cửa Khe", "processed", "51", "coop_group", 110_000, 4),
    "tom_kho_sold_out": ("Tôm khô Năm Căn", "processed", "96", "household", 700_000, 4),
    "hidden": ("Cà phê thử nghiệm chưa bán", "coffee", "66", "household", 100_000, None),
}

DESCRIPTIONS = {
    "cafe_bmt": "Hạt Robusta chín đỏ hái tay ở vùng đất đỏ bazan, rang mộc, xay vừa cho phin.",
    "mat_ong_hoa_ca_phe": "Ong nuôi giữa vườn cà phê mùa hoa nở, mật sánh, thơm nhẹ.",
    "tra_sen": "Trà ướp hoa sen Hồ Tây, quà biếu dịp Tết.",
    "gom_bat_trang": "Bình gốm vẽ tay, quà tặng cho khách nước ngoài.",
    "sam_ngoc_linh": "Củ sâm trồng dưới tán rừng núi Ngọc Linh, có truy xuất nguồn gốc.",
}


# Where the commune matters to a query (a former province, a region), the product's own; the
# others come from the first commune of their province.
COMMUNES = {
    "cafe_bmt": "24133",  # Phường Buôn Ma Thuột, Đắk Lắk: Tây Nguyên
    "cafe_robusta": "24133",
    "mat_ong_hoa_ca_phe_bmt": "24133",
    "cafe_cau_dat": "24805",  # Phường Xuân Trường - Đà Lạt, Lâm Đồng: Tây Nguyên
    "che_shan_tuyet_hsp": "01021",  # Xã Hoàng Su Phì, Tuyên Quang: Hà Giang before 2025
}


def _commune(province_code: str, key: str):
    if key in COMMUNES:
        return Commune.objects.get(code=COMMUNES[key], province_id=province_code)
    # The first commune of the province in the shipped 2025 data: real codes, stable across runs.
    return Commune.objects.filter(province_id=province_code).order_by("code").first()


def _categories() -> dict:
    subgroups = {}
    for code, (name, subs) in GROUPS.items():
        root = Category.add_root(name=name, code=code, slug=code)
        for sub_code, sub_name in subs.items():
            subgroups[sub_code] = root.add_child(name=sub_name, code=sub_code, slug=f"{code}-{sub_code}")
    return subgroups


def build(today: datetime.date | None = None) -> dict:
    """Create the catalogue; returns {key: Product}."""
    today = today or timezone.localdate()
    product_class, _ = ProductClass.objects.get_or_create(
        slug="nong-san", defaults={"name": "Nông sản", "track_stock": True}
    )
    subgroups = _categories()
    producers, products = {}, {}
    for n, (key, (title, sub, province, producer_type, price, stars)) in enumerate(PRODUCTS.items()):
        commune = _commune(province, key)
        producer_key = (province, producer_type)
        if producer_key not in producers:
            producers[producer_key] = Partner.objects.create(
                name=f"Chủ thể {producer_type} {commune.province.short_name}",
                code=f"search-{province}-{producer_type}",
                producer_type=producer_type,
                commune=commune,
            )
        product = Product.objects.create(
            title=title,
            upc=f"SRCH-{n:04d}",
            product_class=product_class,
            producer=producers[producer_key],
            origin_commune=commune,
            description=DESCRIPTIONS.get(key, ""),
            is_public=key != "hidden",
        )
        product.categories.add(subgroups[sub])
        StockRecord.objects.create(
            product=product,
            partner=producers[producer_key],
            partner_sku=f"SKU-{n:04d}",
            price=Decimal(price),
            price_currency="VND",
            num_in_stock=0 if key == "tom_kho_sold_out" else 50,
        )
        if stars:
            decided = today - datetime.timedelta(days=300)
            if key == "cafe_khe_sanh_expired":
                decided = today - datetime.timedelta(days=4 * 365)  # valid 36 months: expired
            cert = OcopCertificate.objects.create(
                product=product,
                stars=stars,
                decision_number=f"{n}/QĐ-UBND",
                decision_date=decided,
            )
            if key == "mat_ong_revoked":
                cert.revoked_at = timezone.now()
                cert.revoked_reason = "Vi phạm tiêu chuẩn chất lượng"
                cert.save()
            if key == "nuoc_mam_proposed":
                OcopCertificate.objects.create(
                    product=product,
                    stars=5,
                    status="proposed",
                    decision_number=f"{n}/ĐN-UBND",
                    decision_date=today,
                )
        products[key] = product
    return products


def destroy() -> None:
    """Remove what build() created (for module-scoped catalogues that outlive a test)."""
    OcopCertificate.objects.filter(product__upc__startswith="SRCH-").delete()
    StockRecord.objects.filter(product__upc__startswith="SRCH-").delete()
    Product.objects.filter(upc__startswith="SRCH-").delete()
    Partner.objects.filter(code__startswith="search-").delete()
    Category.objects.filter(code__in=list(GROUPS)).delete()
