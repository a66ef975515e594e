"""Product lines (food): what a kind of producer sells, with pack variants and a short text.

A line is a template. `{place}` is replaced by the producer's place name ("Mộc Châu",
"Tà Xùa", "Buôn Ma Thuột"), so one line serves every producer of that speciality.
Prices are typical 2025 retail prices in VND; weights are shipping weights in grams.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Variant:
    title: str
    unit: str  # a catalog.models.SellingUnit value
    grams: int
    price: int
    category: str = ""  # overrides the line's category (e.g. dried fruit on a fresh-fruit line)


@dataclass(frozen=True)
class ProductLine:
    key: str
    category: str  # code of a leaf in data.CATEGORY_TREE_148
    label: str  # how a producer description names it
    variants: tuple[Variant, ...]
    about: tuple[str, str]
    keep: str = ""
    kind: str = "goods"  # a key of data.PRODUCT_CLASSES


def line(key, category, label, variants, about, keep="", kind="goods"):
    return ProductLine(key, category, label, tuple(Variant(*v) for v in variants), tuple(about), keep, kind)


FRESH = "ocop148-tp-tuoi-rau-qua"
DRIED = "ocop148-tp-cb-rau-qua"
SEA = "ocop148-tp-cb-thuy-san"
SPICE = "ocop148-tp-gia-vi"
SWEET = "ocop148-tp-banh-keo"

FOOD_LINES = [
    line("man-hau", FRESH, "mận hậu", [
        ("Mận hậu {place} loại 1", "kg", 1100, 60000),
        ("Mận hậu {place} hộp quà 2kg", "hop", 2300, 140000),
        ("Mận tam hoa {place}", "kg", 1100, 50000),
    ], ("Mận hậu {place} chín tự nhiên trên cây, quả to, vỏ xanh ánh đỏ, giòn và ngọt đậm, hậu chua nhẹ.",
        "Mận được hái vào sáng sớm, phân loại và đóng thùng ngay trong ngày để giữ độ giòn."),
        "Bảo quản ngăn mát tủ lạnh, ngon nhất trong 7 ngày."),
    line("say-deo", DRIED, "trái cây sấy", [
        ("Mận sấy dẻo {place} túi 500g", "tui", 550, 85000),
        ("Xoài sấy dẻo {place} túi 500g", "tui", 550, 95000),
        ("Chuối sấy giòn {place} túi 250g", "tui", 300, 45000),
        ("Nho sấy khô {place} túi 500g", "tui", 550, 120000),
    ], ("Trái cây chín được sấy lạnh ở nhiệt độ thấp, giữ màu và vị tự nhiên, không thêm phẩm màu.",
        "Sản phẩm đóng túi zip tiện mang theo, dùng làm quà hoặc ăn vặt hằng ngày."),
        "Đóng kín túi sau khi mở, để nơi khô ráo."),
    line("vai-thieu", FRESH, "vải thiều", [
        ("Vải thiều {place} tươi", "kg", 1100, 45000),
        ("Vải thiều {place} thùng 5kg", "hop", 5400, 210000),
        ("Vải thiều sấy khô {place} túi 1kg", "tui", 1050, 180000, DRIED),
    ], ("Vải thiều {place} quả tròn, cùi dày, hạt nhỏ, vị ngọt thanh và thơm đặc trưng.",
        "Vải được thu hái theo quy trình VietGAP, sơ chế và đóng thùng có đá khô để giữ tươi."),
        "Bảo quản ngăn mát, dùng trong 5 ngày."),
    line("nhan-long", FRESH, "nhãn lồng", [
        ("Nhãn lồng {place}", "kg", 1100, 55000),
        ("Nhãn lồng {place} hộp quà 3kg", "hop", 3300, 180000),
        ("Long nhãn {place} sấy khô túi 500g", "tui", 550, 190000, DRIED),
    ], ("Nhãn lồng {place} cùi dày, giòn, ráo nước, vị ngọt sắc và thơm mùi nhãn chín.",
        "Nhãn được cắt cành khi chín đều, loại bỏ quả nứt và đóng hộp ngay tại vườn."),),
    line("sau-rieng", FRESH, "sầu riêng", [
        ("Sầu riêng Ri6 {place}", "kg", 1000, 90000),
        ("Sầu riêng Dona {place}", "kg", 1000, 115000),
        ("Cơm sầu riêng {place} cấp đông hộp 500g", "hop", 700, 175000, DRIED),
    ], ("Sầu riêng {place} cơm vàng, ráo, béo ngậy, hạt lép, được cắt khi già cây đủ ngày.",
        "Mỗi trái được kiểm tra độ chín và dán tem truy xuất vùng trồng trước khi giao."),
        "Để nơi thoáng mát, sầu riêng chín tự nhiên sau 2–3 ngày."),
    line("buoi", FRESH, "bưởi", [
        ("Bưởi da xanh {place}", "qua", 1700, 70000),
        ("Bưởi Năm Roi {place}", "kg", 1100, 38000),
        ("Bưởi {place} loại 1", "qua", 1500, 55000),
    ], ("Bưởi {place} múi mọng nước, tép bó, vị ngọt thanh, không đắng the.",
        "Trái được tuyển chọn đều cỡ, vỏ còn cuống lá để giữ tươi lâu."),
        "Để nơi thoáng mát, ngon nhất sau 5–7 ngày kể từ khi hái."),
    line("cam", FRESH, "cam", [
        ("Cam {place} loại 1", "kg", 1100, 42000),
        ("Cam {place} thùng quà 5kg", "hop", 5400, 220000),
        ("Cam {place} vắt nước", "kg", 1100, 30000),
    ], ("Cam {place} vỏ mỏng, mọng nước, vị ngọt đậm hài hòa chút chua nhẹ.",
        "Vườn cam được chăm sóc theo hướng hữu cơ, thu hoạch khi trái chín vàng tự nhiên."),),
    line("xoai", FRESH, "xoài", [
        ("Xoài cát Hòa Lộc {place}", "kg", 1100, 75000),
        ("Xoài tứ quý {place}", "kg", 1100, 45000),
        ("Xoài cát chu {place} thùng 5kg", "hop", 5400, 190000),
    ], ("Xoài {place} thịt vàng, mịn, ít xơ, thơm ngọt, được bao trái từ khi còn nhỏ.",
        "Trái thu hoạch đúng độ già, xử lý nước nóng trước khi đóng thùng."),),
    line("thanh-long", FRESH, "thanh long", [
        ("Thanh long ruột đỏ {place}", "kg", 1100, 35000),
        ("Thanh long ruột trắng {place} thùng 10kg", "hop", 10500, 180000),
        ("Thanh long sấy dẻo {place} túi 250g", "tui", 300, 75000, DRIED),
    ], ("Thanh long {place} trái to, tai xanh, ruột mọng, vị ngọt mát.",
        "Vườn đạt chứng nhận VietGAP, trái được lau sạch và phân loại theo trọng lượng."),),
    line("rau-da-lat", FRESH, "rau củ xứ lạnh", [
        ("Atiso tươi {place}", "kg", 1100, 80000),
        ("Dâu tây {place} hộp 500g", "hop", 550, 120000),
        ("Cà chua bi {place} hộp 500g", "hop", 550, 35000),
        ("Khoai lang mật {place}", "kg", 1100, 30000),
    ], ("Rau quả trồng trong nhà màng ở {place}, khí hậu mát quanh năm cho vị ngọt và giòn.",
        "Thu hoạch buổi sáng, đóng hộp và giao trong ngày qua kho lạnh."),
        "Bảo quản ngăn mát tủ lạnh."),
    line("toi", FRESH, "tỏi", [
        ("Tỏi cô đơn {place} túi 500g", "tui", 550, 150000),
        ("Tỏi {place} túi 1kg", "tui", 1050, 130000),
        ("Tỏi đen {place} hũ 250g", "hu", 350, 180000, DRIED),
    ], ("Tỏi {place} củ nhỏ, tép chắc, thơm nồng và cay dịu, trồng trên đất cát pha san hô.",
        "Tỏi được phơi nắng tự nhiên và treo gác cho khô đều trước khi đóng gói."),),
    line("hat-de", DRIED, "hạt dẻ", [
        ("Hạt dẻ {place} rang sẵn túi 500g", "tui", 550, 150000),
        ("Hạt dẻ {place} tươi", "kg", 1050, 180000, FRESH),
    ], ("Hạt dẻ {place} hạt nhỏ, vỏ nâu bóng, bùi và thơm hơn hạt dẻ thường.",
        "Hạt được nhặt khi quả chín tách vỏ, phơi se và rang cát theo cách truyền thống."),),
    line("hat-dieu", DRIED, "hạt điều", [
        ("Hạt điều rang muối {place} hũ 500g", "hu", 650, 165000),
        ("Hạt điều rang củi {place} túi 1kg", "tui", 1050, 300000),
        ("Hạt điều tươi bóc vỏ lụa {place} túi 500g", "tui", 550, 150000),
    ], ("Hạt điều {place} hạt to, giòn, béo, được tuyển chọn loại W240 và W320.",
        "Hạt rang bằng củi trong chảo gang, giữ nguyên vỏ lụa hoặc bóc sạch tùy loại."),
        "Đậy kín sau khi mở, dùng trong 2 tháng."),
    line("nong-san-rung", DRIED, "nông sản rừng", [
        ("Măng khô {place} túi 500g", "tui", 550, 180000),
        ("Nấm hương rừng {place} túi 250g", "tui", 300, 160000),
        ("Mộc nhĩ rừng {place} túi 500g", "tui", 550, 120000),
    ], ("Nông sản thu hái dưới tán rừng {place}, phơi khô bằng nắng và củi bếp của người dân bản.",
        "Sản phẩm được nhặt sạch, phân loại bằng tay và đóng túi hút ẩm."),),
    line("sen", DRIED, "sen", [
        ("Hạt sen sấy {place} túi 500g", "tui", 550, 140000),
        ("Trà tim sen {place} hộp 100g", "hop", 150, 65000),
        ("Ngó sen ngâm chua ngọt {place} hũ 500g", "hu", 700, 70000),
    ], ("Sen trồng trên đồng ngập nước {place}, hạt chắc, bùi, không đắng.",
        "Hạt được tách tim, sấy nhiệt độ thấp để giữ màu trắng ngà tự nhiên."),),
    line("ga", "ocop148-tp-tuoi-thit-trung", "gà", [
        ("Gà {place} làm sạch nguyên con", "kg", 1600, 180000),
        ("Trứng gà {place} hộp 10 quả", "hop", 700, 45000),
    ], ("Gà {place} nuôi thả đồi, ăn ngô và thóc, thịt chắc, da giòn, thơm.",
        "Gà được giết mổ tại cơ sở đạt chuẩn thú y và đóng gói hút chân không, giữ lạnh khi giao."),
        "Bảo quản ngăn đá, dùng trong 3 tháng."),
    line("cua", "ocop148-tp-tuoi-thuy-san", "cua biển", [
        ("Cua gạch {place} loại 1", "kg", 1300, 480000),
        ("Cua thịt {place} 3 con/kg", "kg", 1300, 380000),
    ], ("Cua {place} nuôi quảng canh dưới tán rừng đước, chắc thịt, gạch son đầy.",
        "Cua được buộc dây, kiểm tra từng con còn sống và giao trong thùng xốp giữ ẩm."),),
    line("tom-tuoi", "ocop148-tp-tuoi-thuy-san", "tôm tươi", [
        ("Tôm sú sinh thái {place} cấp đông 1kg", "kg", 1200, 390000),
        ("Tôm càng xanh {place}", "kg", 1200, 320000),
    ], ("Tôm {place} nuôi theo mô hình tôm – rừng, không dùng thức ăn công nghiệp, thịt ngọt và chắc.",
        "Tôm được cấp đông nhanh ngay sau thu hoạch để giữ độ tươi."),),
    line("tom-kho", SEA, "tôm khô", [
        ("Tôm khô {place} loại đặc biệt hộp 500g", "hop", 600, 620000),
        ("Tôm khô {place} túi 250g", "tui", 300, 320000),
        ("Tôm khô đất {place} 1kg", "kg", 1100, 1100000),
    ], ("Tôm khô {place} làm từ tôm đất tươi, luộc chín, phơi nắng và đập sạch vỏ bằng tay.",
        "Con tôm đỏ au, thịt ngọt, không phẩm màu, không chất bảo quản."),
        "Bảo quản ngăn mát hoặc ngăn đá để giữ màu đỏ tự nhiên."),
    line("kho-ca", SEA, "khô cá", [
        ("Khô cá lóc {place} túi 500g", "tui", 550, 190000),
        ("Khô cá dứa một nắng {place} túi 500g", "tui", 550, 230000),
        ("Khô cá kèo {place} túi 300g", "tui", 350, 120000),
        ("Khô cá sặc rằn {place} túi 500g", "tui", 550, 160000),
    ], ("Khô cá {place} làm từ cá đồng và cá biển tươi, ướp muối nhạt và phơi nắng tự nhiên.",
        "Cá được làm sạch, xẻ bướm và phơi trên giàn cao, thịt dẻo, thơm."),
        "Bảo quản ngăn đá, nướng hoặc chiên đều ngon."),
    line("ca-ngu", SEA, "cá ngừ", [
        ("Cá ngừ đại dương {place} phi lê túi 500g", "tui", 600, 180000),
        ("Cá ngừ ngâm dầu {place} hũ 200g", "hu", 350, 65000),
    ], ("Cá ngừ đại dương {place} câu tay, sơ chế trên tàu và cấp đông sâu.",
        "Thịt cá đỏ tươi, thích hợp làm gỏi, áp chảo hoặc kho."),),
    line("cha-muc", SEA, "chả mực", [
        ("Chả mực giã tay {place} túi 500g", "tui", 550, 250000),
        ("Chả mực {place} hộp 1kg", "hop", 1100, 480000),
    ], ("Chả mực {place} giã tay từ mực mai tươi, dai giòn và thơm ngọt.",
        "Mỗi mẻ chả chỉ dùng mực đánh bắt trong ngày, không dùng hàn the."),
        "Bảo quản ngăn đá, rán vàng trên lửa nhỏ."),
    line("sa-sung", SEA, "sá sùng", [
        ("Sá sùng khô {place} túi 100g", "tui", 150, 450000),
        ("Sá sùng khô {place} loại 1 hộp 250g", "hop", 350, 1100000),
    ], ("Sá sùng {place} đào trên bãi cát triều, nướng than và phơi khô, là vị ngọt của nồi nước dùng phở.",
        "Con sá sùng được làm sạch cát, sấy lại và đóng hộp kín."),),
    line("nem-chua", "ocop148-tp-cb-thit", "nem chua", [
        ("Nem chua {place} hộp 20 chiếc", "hop", 700, 75000),
        ("Nem chua rán {place} túi 500g", "tui", 550, 85000),
        ("Chả tôm {place} hộp 10 chiếc", "hop", 700, 120000),
    ], ("Nem chua {place} làm từ thịt lợn nạc tươi, bì thái chỉ, gói lá ổi và lá chuối.",
        "Nem lên men tự nhiên 3 ngày, vị chua dịu, cay nhẹ của tỏi và ớt."),
        "Bảo quản ngăn mát, dùng trong 10 ngày."),
    line("thit-trau", "ocop148-tp-cb-thit", "thịt gác bếp", [
        ("Thịt trâu gác bếp {place} túi 500g", "tui", 550, 480000),
        ("Lạp sườn gác bếp {place} túi 500g", "tui", 550, 160000),
        ("Thịt lợn gác bếp {place} túi 500g", "tui", 550, 320000),
    ], ("Thịt gác bếp {place} tẩm mắc khén, hạt dổi và gừng, hun khói trên gác bếp củi nhiều ngày.",
        "Thớ thịt dai, thơm khói, xé nhỏ chấm chẩm chéo là món nhắm của người Thái."),
        "Hút chân không, bảo quản ngăn mát 3 tháng."),
    line("sua", "ocop148-tp-cb-thit", "sữa bò", [
        ("Sữa chua {place} hộp 6 hũ", "hop", 700, 45000),
        ("Bánh sữa {place} hộp 300g", "hop", 350, 60000),
        ("Sữa tươi thanh trùng {place} chai 1 lít", "chai", 1100, 38000),
    ], ("Sữa bò tươi {place} vắt mỗi sáng từ đàn bò chăn thả trên đồng cỏ.",
        "Sản phẩm thanh trùng và đóng chai ngay tại trang trại, không thêm hương liệu."),
        "Bảo quản lạnh 2–6 °C."),
    line("gao-mien-tay", "ocop148-tp-gao", "gạo", [
        ("Gạo ST25 {place} túi 5kg", "tui", 5100, 185000),
        ("Gạo thơm Jasmine {place} túi 5kg", "tui", 5100, 125000),
        ("Gạo nàng Nhen {place} túi 2kg", "tui", 2050, 90000),
        ("Gạo lứt huyết rồng {place} túi 2kg", "tui", 2050, 80000),
    ], ("Gạo {place} hạt dài, trong, cơm dẻo và thơm lá dứa, giữ được vị ngon khi để nguội.",
        "Lúa trồng theo mô hình lúa – tôm hoặc hữu cơ, xay xát mới mỗi tuần."),),
    line("gao-vung-cao", "ocop148-tp-gao", "gạo vùng cao", [
        ("Gạo Séng Cù {place} túi 5kg", "tui", 5100, 130000),
        ("Gạo nếp nương {place} túi 2kg", "tui", 2050, 90000),
        ("Gạo đỏ {place} túi 2kg", "tui", 2050, 85000),
    ], ("Gạo {place} trồng ruộng bậc thang bằng nước suối đầu nguồn, hạt thon, cơm mềm và đậm vị.",
        "Mỗi năm chỉ một vụ, lúa được gặt tay và phơi trên sân đất của bản."),),
    line("gao-nep", "ocop148-tp-gao", "gạo nếp", [
        ("Gạo nếp cái hoa vàng {place} túi 2kg", "tui", 2050, 70000),
        ("Gạo tám thơm {place} túi 5kg", "tui", 5100, 120000),
    ], ("Nếp cái hoa vàng {place} hạt tròn, mẩy, đồ xôi dẻo thơm, là gạo làm bánh chưng ngày Tết.",
        "Lúa được gặt khi chín đều, phơi khô và xay mới trước khi giao."),),
    line("mien-dong", "ocop148-tp-gao", "miến dong", [
        ("Miến dong {place} túi 500g", "tui", 550, 60000),
        ("Miến dong {place} túi 1kg", "tui", 1050, 110000),
    ], ("Miến dong {place} làm từ tinh bột củ dong riềng trồng tại địa phương, sợi dai, không nát.",
        "Miến tráng và phơi nắng tự nhiên, không dùng chất tẩy trắng."),),
    line("sp-tu-gao", "ocop148-tp-gao", "sản phẩm từ gạo", [
        ("Hủ tiếu khô {place} túi 500g", "tui", 550, 35000),
        ("Bánh phồng tôm {place} túi 500g", "tui", 550, 75000),
        ("Bánh tráng phơi sương {place} túi 500g", "tui", 550, 45000),
    ], ("Sản phẩm làm từ gạo mới xay của vùng {place}, tráng và phơi theo nghề truyền thống.",
        "Không dùng hàn the và chất tạo màu; bánh dai, thơm mùi gạo."),),
]  # fmt: skip

# Further food lines (sweets, spices, tea, coffee, honey) live in product_lines_more.py to keep
# each module short.
