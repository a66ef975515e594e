"""Hand-written demo content: OCOP group trees, product classes, demo users and certificate texts.

The producer table lives in `producers.py` and the product lines in `product_lines*.py`; they
are re-exported here so callers only import `catalog.demo.data`.
"""

from dataclasses import dataclass

from catalog.demo.producers import PRODUCERS, Producer
from catalog.demo.product_lines import FOOD_LINES
from catalog.demo.product_lines_more import OTHER_LINES
from marketplace.sellers.roles import HELPER_GROUP, STAFF_GROUP

__all__ = [
    "CATEGORY_TREE_148",
    "CATEGORY_TREE_1048",
    "DEMO_PASSWORD",
    "DEMO_USERS",
    "GROUP_NAMES",
    "LEGACY_CATEGORY",
    "PRODUCERS",
    "PRODUCT_CLASSES",
    "PRODUCT_LINES",
    "Producer",
    "REVOCATION_REASONS",
    "FEATURED_PROVINCES",
]

PRODUCT_LINES = {line.key: line for line in (*FOOD_LINES, *OTHER_LINES)}

# Provinces named in the ministry programme's reports; the demo is densest there.
FEATURED_PROVINCES = {"14": "Sơn La", "38": "Thanh Hóa", "96": "Cà Mau", "66": "Đắk Lắk"}

# --- OCOP group trees ------------------------------------------------------------------------
# (code, name, children). Codes are stable keys: the loader finds nodes by code, so renaming a
# node in this table renames it in the database instead of creating a second one.
CATEGORY_TREE_148 = [
    ("ocop148-tp", "Thực phẩm", [
        ("ocop148-tp-tuoi", "Nông, thủy sản tươi sống", [
            ("ocop148-tp-tuoi-rau-qua", "Rau, củ, quả, hạt tươi", []),
            ("ocop148-tp-tuoi-thit-trung", "Thịt, trứng, sữa tươi", []),
            ("ocop148-tp-tuoi-thuy-san", "Thủy sản tươi sống", []),
        ]),
        ("ocop148-tp-chebien", "Nông, thủy sản sơ chế, chế biến", [
            ("ocop148-tp-gao", "Gạo, ngũ cốc và sản phẩm từ gạo", []),
            ("ocop148-tp-cb-rau-qua", "Sản phẩm từ rau, củ, quả, hạt", []),
            ("ocop148-tp-cb-thit", "Sản phẩm từ thịt, trứng, sữa", []),
            ("ocop148-tp-cb-thuy-san", "Sản phẩm từ thủy sản", []),
            ("ocop148-tp-mat-ong", "Mật ong và sản phẩm từ ong", []),
            ("ocop148-tp-che", "Chè (trà) và sản phẩm từ chè", []),
            ("ocop148-tp-ca-phe", "Cà phê, ca cao", []),
        ]),
        ("ocop148-tp-khac", "Thực phẩm khác", [
            ("ocop148-tp-gia-vi", "Gia vị, nước mắm, nước chấm", []),
            ("ocop148-tp-banh-keo", "Đường, bánh, mứt, kẹo", []),
        ]),
    ]),
    ("ocop148-du", "Đồ uống", [
        ("ocop148-du-co-con", "Đồ uống có cồn", [
            ("ocop148-du-ruou", "Rượu trắng, rượu men lá", []),
            ("ocop148-du-vang", "Rượu vang, rượu trái cây", []),
        ]),
        ("ocop148-du-khong-con", "Đồ uống không cồn", [
            ("ocop148-du-nuoc-qua", "Nước ép, nước uống từ trái cây", []),
            ("ocop148-du-khac", "Đồ uống không cồn khác", []),
        ]),
    ]),
    ("ocop148-dl", "Dược liệu và sản phẩm từ dược liệu", [
        ("ocop148-dl-tpcn", "Thực phẩm chức năng, thực phẩm bảo vệ sức khỏe", []),
        ("ocop148-dl-thuoc", "Thuốc dược liệu, thuốc cổ truyền", []),
        ("ocop148-dl-my-pham", "Mỹ phẩm có thành phần từ dược liệu", []),
        ("ocop148-dl-tinh-dau", "Tinh dầu", []),
        ("ocop148-dl-khac", "Dược liệu và sản phẩm từ dược liệu khác", []),
    ]),
    ("ocop148-tc", "Hàng thủ công mỹ nghệ", [
        ("ocop148-tc-go", "Đồ gỗ", []),
        ("ocop148-tc-may-tre", "Mây, tre, cói, lá, lục bình", []),
        ("ocop148-tc-gom", "Gốm sứ, thủy tinh", []),
        ("ocop148-tc-det-may", "Dệt may, thêu, thổ cẩm", []),
        ("ocop148-tc-kim-loai", "Kim loại, đá và chất liệu khác", []),
    ]),
    ("ocop148-svc", "Sinh vật cảnh", [
        ("ocop148-svc-hoa", "Hoa", []),
        ("ocop148-svc-cay-canh", "Cây cảnh, bonsai", []),
        ("ocop148-svc-dong-vat", "Động vật cảnh", []),
    ]),
    ("ocop148-dv", "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch", [
        ("ocop148-dv-cong-dong", "Du lịch cộng đồng", []),
        ("ocop148-dv-sinh-thai", "Du lịch sinh thái", []),
        ("ocop148-dv-diem", "Điểm du lịch", []),
    ]),
]  # fmt: skip

# QĐ 1048/2019: six "ngành" and the food "nhóm". Only so that products certified before 2023 can
# show the group they were scored under; hidden from the menu (still public).
CATEGORY_TREE_1048 = [
    ("ocop1048-tp", "Thực phẩm", [
        ("ocop1048-tp-n1", "Nhóm nông, thủy sản tươi sống", []),
        ("ocop1048-tp-n2", "Nhóm nông, thủy sản sơ chế", []),
        ("ocop1048-tp-n3", "Nhóm thực phẩm chế biến", []),
        ("ocop1048-tp-n4", "Nhóm gia vị", []),
        ("ocop1048-tp-n5", "Nhóm chè", []),
        ("ocop1048-tp-n6", "Nhóm cà phê, ca cao", []),
    ]),
    ("ocop1048-du", "Đồ uống", [
        ("ocop1048-du-co-con", "Nhóm đồ uống có cồn", []),
        ("ocop1048-du-khong-con", "Nhóm đồ uống không cồn", []),
    ]),
    ("ocop1048-td", "Thảo dược", []),
    ("ocop1048-vm", "Vải và may mặc", []),
    ("ocop1048-ln", "Lưu niệm, nội thất, trang trí", []),
    ("ocop1048-dv", "Dịch vụ du lịch nông thôn, bán hàng", []),
]  # fmt: skip

# Where a product of a 2023 leaf group was filed under 1048 (prefix match, longest first).
# Ornamental living things had no 1048 group of their own, so they map to nothing.
LEGACY_CATEGORY = {
    "ocop148-tp-tuoi": "ocop1048-tp-n1",
    "ocop148-tp-gao": "ocop1048-tp-n2",
    "ocop148-tp-mat-ong": "ocop1048-tp-n2",
    "ocop148-tp-cb": "ocop1048-tp-n3",
    "ocop148-tp-banh-keo": "ocop1048-tp-n3",
    "ocop148-tp-gia-vi": "ocop1048-tp-n4",
    "ocop148-tp-che": "ocop1048-tp-n5",
    "ocop148-tp-ca-phe": "ocop1048-tp-n6",
    "ocop148-du-ruou": "ocop1048-du-co-con",
    "ocop148-du-vang": "ocop1048-du-co-con",
    "ocop148-du-nuoc-qua": "ocop1048-du-khong-con",
    "ocop148-du-khac": "ocop1048-du-khong-con",
    "ocop148-dl": "ocop1048-td",
    "ocop148-tc-det-may": "ocop1048-vm",
    "ocop148-tc": "ocop1048-ln",
    "ocop148-dv": "ocop1048-dv",
}

# --- Product classes -------------------------------------------------------------------------
# key -> (name, slug, requires_shipping, track_stock)
PRODUCT_CLASSES = {
    "goods": ("Hàng hóa", "hang-hoa", True, True),
    "tourism": ("Dịch vụ du lịch", "dich-vu-du-lich", False, False),
}

# --- Certificates ----------------------------------------------------------------------------
REVOCATION_REASONS = [
    "Kết quả hậu kiểm không đạt chỉ tiêu an toàn thực phẩm đã công bố.",
    "Chủ thể ngừng sản xuất và giải thể, không còn duy trì sản phẩm.",
    "Sử dụng biểu trưng OCOP và số sao sai quy định trên bao bì.",
    "Đánh giá lại theo Quyết định 148/QĐ-TTg không đạt số điểm tối thiểu.",
    "Chủ thể tự nguyện đề nghị thu hồi do thay đổi công thức sản phẩm.",
]

# --- Demo users ------------------------------------------------------------------------------
# DEMO ONLY: well-known password, printed by the command. Never load this data into a
# database that is reachable from the internet.
DEMO_PASSWORD = "demo12345"  # noqa: S105 - demo only, see above

# The role rules (marketplace/sellers/roles.py) look these groups up by name.
COMMUNITY_HELPERS = HELPER_GROUP
PROVINCIAL_STAFF = STAFF_GROUP
GROUP_NAMES = (COMMUNITY_HELPERS, PROVINCIAL_STAFF)


@dataclass(frozen=True)
class DemoUser:
    role: str
    email: str
    first_name: str
    last_name: str
    groups: tuple[str, ...] = ()
    partner_code: str = ""  # the producer this user sells for
    helps_partner_code: str = ""  # the producer whose shop this helper manages, with consent
    province_code: str = ""  # for provincial staff: the province they oversee (a StaffProfile)
    is_staff: bool = False
    is_superuser: bool = False


BUYER = DemoUser("buyer", "buyer@demo.chocop.vn", "Lan", "Nguyễn Thị")
SELLER = DemoUser("seller", "seller@demo.chocop.vn", "Tuấn", "Lò Văn", partner_code="sl-htx-moc-chau-xanh")
HELPER = DemoUser(
    "community helper",
    "helper@demo.chocop.vn",
    "Hoa",
    "Cầm Thị",
    groups=(COMMUNITY_HELPERS,),
    helps_partner_code="sl-ho-lo-van-tuan",
)
PROVINCE_STAFF = DemoUser(
    "provincial staff (Sơn La)",
    "sonla@demo.chocop.vn",
    "Minh",
    "Hoàng Văn",
    groups=(PROVINCIAL_STAFF,),
    province_code="14",
)
ADMIN = DemoUser("admin", "admin@demo.chocop.vn", "Quản trị", "Chợ OCOP", is_staff=True, is_superuser=True)
DEMO_USERS = (BUYER, SELLER, HELPER, PROVINCE_STAFF, ADMIN)
