"""Product lines, continued: tea, coffee, honey, sweets and spices; beverages; herbal products;
handicrafts; ornamental plants; community and eco-tourism services."""

from catalog.demo.product_lines import SPICE, SWEET, line

TEA = "ocop148-tp-che"
COFFEE = "ocop148-tp-ca-phe"
HONEY = "ocop148-tp-mat-ong"
HERB = "ocop148-dl-tpcn"

OTHER_LINES = [
    # --- tea, coffee, honey ----------------------------------------------------------------
    line("che-shan", TEA, "chè Shan tuyết", [
        ("Chè Shan tuyết cổ thụ {place} hộp 200g", "hop", 300, 280000),
        ("Trà Shan tuyết {place} búp 100g", "goi", 150, 150000),
        ("Hồng trà Shan tuyết {place} hộp 100g", "hop", 200, 220000),
        ("Bạch trà Shan tuyết {place} hộp 50g", "hop", 120, 380000),
    ], ("Chè Shan tuyết {place} hái từ những cây chè cổ thụ trên độ cao trên 1.000 m, búp phủ lông tơ trắng.",
        "Búp chè được sao tay trên chảo gang, nước xanh vàng, vị chát dịu và hậu ngọt sâu."),
        "Đựng trong hộp kín, tránh ánh nắng và mùi lạ."),
    line("che-thai-nguyen", TEA, "chè búp", [
        ("Chè búp {place} loại đặc biệt túi 500g", "tui", 550, 450000),
        ("Chè nõn tôm {place} hộp 200g", "hop", 300, 320000),
        ("Trà móc câu {place} túi 500g", "tui", 550, 280000),
        ("Trà xanh túi lọc {place} hộp 25 gói", "hop", 120, 55000),
    ], ("Chè {place} cánh nhỏ, xoăn đều như móc câu, nước xanh trong, hương cốm non.",
        "Chè được hái một tôm hai lá vào sáng sớm và sao thủ công trong ngày."),
        "Pha nước 80–85 °C, tráng ấm trước khi pha."),
    line("tra-lam-dong", TEA, "trà", [
        ("Trà Ô long {place} hộp 250g", "hop", 350, 260000),
        ("Trà atiso túi lọc {place} hộp 100 túi", "hop", 300, 95000),
        ("Trà xanh lài {place} túi 500g", "tui", 550, 140000),
    ], ("Trà {place} trồng trên cao nguyên mát quanh năm, búp dày, hương thơm dịu.",
        "Quy trình vò viên và sấy được kiểm soát nhiệt độ để giữ hương tự nhiên."),),
    line("ca-phe", COFFEE, "cà phê Robusta", [
        ("Cà phê Robusta rang mộc {place} 500g", "goi", 550, 130000),
        ("Cà phê bột nguyên chất {place} 500g", "goi", 550, 110000),
        ("Cà phê hạt Culi {place} túi 1kg", "tui", 1050, 280000),
        ("Cà phê phin giấy {place} hộp 10 gói", "hop", 200, 85000),
        ("Cà phê hòa tan 3in1 {place} hộp 20 gói", "hop", 450, 75000),
    ], ("Cà phê {place} chỉ hái quả chín đỏ, phơi trên giàn và rang mộc, không tẩm bơ hay hương liệu.",
        "Vị đắng đậm, hậu ngọt, thích hợp pha phin hoặc pha máy."),
        "Bảo quản nơi khô mát, dùng trong 30 ngày sau khi mở túi."),
    line("ca-phe-arabica", COFFEE, "cà phê Arabica", [
        ("Cà phê Arabica {place} rang xay 250g", "goi", 280, 120000),
        ("Cà phê Arabica {place} hạt rang vừa 500g", "goi", 550, 210000),
        ("Cà phê Arabica chế biến mật ong {place} 250g", "goi", 280, 160000),
    ], ("Arabica {place} trồng ở độ cao trên 1.000 m, chua thanh, hương hoa quả và socola.",
        "Quả chín được sơ chế ướt hoặc chế biến mật ong, rang từng mẻ nhỏ."),),
    line("mat-ong-ca-phe", HONEY, "mật ong hoa cà phê", [
        ("Mật ong hoa cà phê {place} chai 500ml", "chai", 750, 180000),
        ("Mật ong hoa cà phê {place} chai 1 lít", "chai", 1450, 320000),
        ("Phấn hoa cà phê {place} hũ 250g", "hu", 350, 150000),
    ], ("Mật ong hoa cà phê {place} thu vào mùa cà phê nở hoa tháng Giêng, tháng Hai, màu vàng nhạt và thơm dịu.",
        "Mật được quay từ cầu ong già, lọc thô và hạ thủy phần tự nhiên, không pha đường."),
        "Mật có thể kết tinh khi trời lạnh, đó là hiện tượng tự nhiên."),
    line("mat-ong-bac-ha", HONEY, "mật ong bạc hà", [
        ("Mật ong bạc hà {place} chai 500ml", "chai", 750, 450000),
        ("Mật ong bạc hà {place} chai 250ml", "chai", 400, 240000),
    ], ("Mật ong bạc hà {place} từ hoa bạc hà dại nở trên cao nguyên đá vào cuối thu, vị ngọt mát và thơm nhẹ.",
        "Mỗi năm chỉ thu một vụ, mật sánh, màu vàng sẫm."),),
    line("mat-ong-nhan", HONEY, "mật ong hoa nhãn", [
        ("Mật ong hoa nhãn {place} chai 500ml", "chai", 750, 160000),
        ("Mật ong hoa nhãn {place} hũ 1kg", "hu", 1200, 280000),
    ], ("Mật ong hoa nhãn {place} thu vào tháng Ba, màu hổ phách, thơm mùi nhãn chín.",
        "Đàn ong được đặt giữa vườn nhãn, không cho ăn đường trong mùa lấy mật."),),
    line("mat-ong-rung", HONEY, "mật ong rừng", [
        ("Mật ong rừng {place} chai 500ml", "chai", 750, 350000),
        ("Mật ong rừng {place} chai 1 lít", "chai", 1450, 650000),
        ("Sáp ong rừng {place} hộp 200g", "hop", 250, 90000),
    ], ("Mật ong rừng {place} lấy từ ong khoái làm tổ tự nhiên trên cây rừng, vị ngọt đậm, hơi đắng nhẹ.",
        "Người gác kèo chỉ cắt phần mật, để lại tổ non cho đàn ong phục hồi."),),
    # --- sweets and spices -----------------------------------------------------------------
    line("duong", SWEET, "đường phèn, đường phổi", [
        ("Đường phèn {place} túi 500g", "goi", 550, 40000),
        ("Đường phèn {place} hũ 1kg", "hu", 1200, 85000),
        ("Đường phổi {place} hộp 500g", "hop", 600, 65000),
        ("Mạch nha {place} hũ 500g", "hu", 650, 55000),
        ("Đường mía thô {place} túi 1kg", "tui", 1050, 45000),
    ], ("Đường {place} nấu từ nước mía tươi theo cách truyền thống, kết tinh chậm trong vại sành.",
        "Vị ngọt thanh, thơm mùi mía, không dùng hóa chất tẩy màu."),
        "Để nơi khô ráo, đậy kín."),
    line("duong-thot-not", SWEET, "đường thốt nốt", [
        ("Đường thốt nốt {place} túi 500g", "tui", 550, 55000),
        ("Đường thốt nốt nguyên chất {place} hũ 1kg", "hu", 1200, 105000),
        ("Nước thốt nốt {place} chai 330ml", "chai", 400, 18000, "ocop148-du-nuoc-qua"),
    ], ("Đường thốt nốt {place} nấu từ nước hoa thốt nốt hứng trên ngọn cây, thơm mùi khói và caramen.",
        "Người Khmer trèo cây lấy nước mỗi sáng và nấu ngay trong ngày để đường không chua."),),
    line("keo-dua", SWEET, "kẹo dừa", [
        ("Kẹo dừa {place} vị lá dứa túi 400g", "goi", 450, 42000),
        ("Kẹo dừa sáp {place} hộp 500g", "hop", 550, 65000),
        ("Kẹo dừa sầu riêng {place} hộp quà 500g", "hop", 600, 70000),
        ("Bánh tráng dừa nướng {place} túi 300g", "goi", 350, 35000),
    ], ("Kẹo dừa {place} nấu từ nước cốt dừa tươi, mạch nha và đường, dẻo mềm, béo thơm.",
        "Kẹo được cắt và gói giấy gạo bằng tay trong các lò kẹo gia đình."),),
    line("banh-mien-tay", SWEET, "bánh đặc sản", [
        ("Bánh pía sầu riêng trứng muối {place} hộp 500g", "hop", 600, 85000),
        ("Bánh pía môn {place} túi 400g", "tui", 450, 60000),
        ("Bánh in nhân đậu xanh {place} hộp 300g", "hop", 350, 50000),
    ], ("Bánh {place} vỏ nhiều lớp mỏng, nhân đậu xanh, sầu riêng và trứng muối, ngọt vừa.",
        "Bánh nướng mỗi ngày, đóng gói hút ẩm để giữ vỏ xốp."),),
    line("banh-mien-bac", SWEET, "bánh kẹo truyền thống", [
        ("Bánh đậu xanh {place} hộp 240g", "hop", 300, 45000),
        ("Bánh gai {place} túi 10 chiếc", "tui", 900, 80000),
        ("Kẹo cu đơ {place} túi 500g", "tui", 550, 60000),
        ("Mè xửng {place} hộp 250g", "hop", 300, 40000),
    ], ("Bánh kẹo {place} làm theo công thức gia truyền từ đậu xanh, mật mía, vừng và lạc.",
        "Sản phẩm không chất bảo quản, đóng hộp giấy tiện làm quà."),),
    line("nuoc-mam", SPICE, "nước mắm", [
        ("Nước mắm cá cơm {place} 40 độ đạm chai 500ml", "chai", 850, 95000),
        ("Nước mắm nhĩ {place} 60 độ đạm chai 250ml", "chai", 450, 120000),
        ("Nước mắm truyền thống {place} can 2 lít", "chai", 2600, 190000),
        ("Nước mắm {place} 30 độ đạm chai 500ml", "chai", 850, 60000),
    ], ("Nước mắm {place} ủ chượp từ cá cơm tươi và muối biển trong thùng gỗ từ 12 đến 18 tháng.",
        "Nước mắm màu cánh gián, thơm, vị mặn dịu và hậu ngọt, không chất điều vị."),),
    line("mam", SPICE, "mắm", [
        ("Mắm tôm chà {place} hũ 500g", "hu", 700, 85000),
        ("Mắm ba khía {place} hũ 500g", "hu", 700, 75000),
        ("Mắm cá linh {place} hũ 500g", "hu", 700, 90000),
        ("Mắm thái đu đủ {place} hũ 500g", "hu", 700, 95000),
        ("Mắm tôm chua {place} hũ 400g", "hu", 600, 80000),
    ], ("Mắm {place} làm thủ công từ tôm, cá tươi đánh bắt trong mùa, muối và thính gạo rang.",
        "Mắm được ủ trong khạp sành, đủ ngày mới đóng hũ thủy tinh."),
        "Bảo quản ngăn mát sau khi mở nắp."),
    line("tuong", SPICE, "tương", [
        ("Tương {place} chai 500ml", "chai", 800, 35000),
        ("Tương {place} hũ sành 1 lít", "hu", 1700, 70000),
    ], ("Tương {place} làm từ đậu tương rang, xôi nếp ủ mốc và muối, phơi nắng trong chum nhiều tháng.",
        "Tương sánh, màu nâu cánh gián, vị ngọt bùi, là nước chấm của rau muống luộc và thịt luộc."),),
    line("tieu", SPICE, "hồ tiêu", [
        ("Hạt tiêu đen {place} túi 250g", "tui", 300, 70000),
        ("Tiêu sọ {place} hũ 200g", "hu", 300, 95000),
        ("Tiêu xanh ngâm muối {place} hũ 300g", "hu", 500, 75000),
    ], ("Hồ tiêu {place} hạt chắc, cay nồng, thơm, trồng trên đất đỏ bazan.",
        "Tiêu được hái chín, phơi khô, tuyển hạt chìm nước."),),
    line("muoi", SPICE, "muối", [
        ("Muối tôm {place} hũ 200g", "hu", 300, 35000),
        ("Muối hột {place} túi 1kg", "tui", 1050, 25000),
        ("Muối ớt xanh {place} hũ 250g", "hu", 350, 45000),
    ], ("Muối {place} làm từ muối hột phơi cát trên đồng muối ven biển, trộn tôm, ớt và gia vị.",
        "Sản phẩm rang trên chảo gang để muối khô, tơi và thơm."),),
    # --- beverages -------------------------------------------------------------------------
    line("ruou-lang", "ocop148-du-ruou", "rượu truyền thống", [
        ("Rượu {place} truyền thống 40 độ chai 500ml", "chai", 900, 120000),
        ("Rượu {place} bình sứ 1 lít", "chai", 1800, 280000),
    ], ("Rượu {place} nấu từ gạo nếp và men truyền thống, chưng cất trong nồi đồng.",
        "Rượu được hạ thổ trong chum sành để êm, uống không sốc."),
        "Sản phẩm có cồn, không bán cho người dưới 18 tuổi."),
    line("ruou-men-la", "ocop148-du-ruou", "rượu men lá", [
        ("Rượu ngô men lá {place} chai 500ml", "chai", 900, 90000),
        ("Rượu thóc men lá {place} bình 2 lít", "chai", 2600, 250000),
    ], ("Rượu {place} nấu từ ngô, thóc nương và men lá rừng của người Mông, Dao.",
        "Rượu trong, thơm mùi men lá, êm và ngọt hậu."),
        "Sản phẩm có cồn, không bán cho người dưới 18 tuổi."),
    line("ruou-trai-cay", "ocop148-du-vang", "rượu trái cây", [
        ("Rượu mận {place} chai 500ml", "chai", 900, 120000),
        ("Rượu sim {place} chai 500ml", "chai", 900, 150000),
        ("Rượu táo mèo {place} chai 500ml", "chai", 900, 110000),
        ("Vang nho {place} chai 750ml", "chai", 1300, 190000),
    ], ("Rượu trái cây {place} ngâm và lên men từ trái chín của vùng, màu đỏ tự nhiên, vị chua ngọt.",
        "Sản phẩm được lọc lắng nhiều lần trước khi đóng chai."),
        "Sản phẩm có cồn, không bán cho người dưới 18 tuổi."),
    line("nuoc-qua", "ocop148-du-nuoc-qua", "nước trái cây", [
        ("Nước cốt chanh leo {place} chai 500ml", "chai", 800, 75000),
        ("Siro dâu tằm {place} chai 500ml", "chai", 800, 85000),
        ("Nước cốt gừng mật ong {place} chai 300ml", "chai", 500, 70000),
        ("Nước dừa tươi đóng chai {place} 330ml", "chai", 400, 20000),
    ], ("Nước uống {place} làm từ trái cây và củ tươi của vùng, thanh trùng nhẹ, không chất bảo quản.",
        "Pha loãng với nước mát hoặc đá để dùng."),
        "Bảo quản lạnh sau khi mở nắp."),
    # --- medicinal herbs and herbal products -----------------------------------------------
    line("sam", "ocop148-dl-khac", "sâm", [
        ("Sâm {place} tươi hộp 100g", "hop", 250, 5500000),
        ("Sâm {place} sấy khô hộp 50g", "hop", 150, 3900000),
        ("Trà sâm dây {place} hộp 200g", "hop", 300, 180000, HERB),
    ], ("Sâm {place} trồng dưới tán rừng nguyên sinh trên độ cao 1.500 m, củ chắc, nhiều rễ.",
        "Mỗi củ kèm tem truy xuất vườn trồng và tuổi cây."),
        "Sản phẩm này không phải là thuốc, không có tác dụng thay thế thuốc chữa bệnh."),
    line("nghe", HERB, "tinh bột nghệ", [
        ("Tinh bột nghệ {place} hũ 500g", "hu", 650, 250000),
        ("Viên nghệ mật ong {place} hũ 300g", "hu", 400, 160000),
    ], ("Tinh bột nghệ {place} lọc từ củ nghệ vàng trồng tại địa phương, mịn, thơm, ít hăng.",
        "Nghệ được rửa sạch, xay, lọc nhiều lần và sấy lạnh."),
        "Sản phẩm này không phải là thuốc, không có tác dụng thay thế thuốc chữa bệnh."),
    line("tra-thao-duoc", HERB, "trà thảo dược", [
        ("Trà giảo cổ lam {place} túi 200g", "tui", 250, 95000),
        ("Trà hoa vàng {place} hộp 50g", "hop", 120, 650000),
        ("Ba kích tím sấy khô {place} túi 500g", "tui", 550, 320000, "ocop148-dl-khac"),
        ("Trà dây {place} túi 300g", "tui", 350, 90000),
    ], ("Thảo dược {place} thu hái dưới tán rừng, sơ chế và sấy khô tại cơ sở.",
        "Dùng hãm với nước sôi như trà, vị đắng nhẹ, hậu ngọt."),
        "Sản phẩm này không phải là thuốc, không có tác dụng thay thế thuốc chữa bệnh."),
    line("cao-duoc-lieu", "ocop148-dl-thuoc", "cao dược liệu", [
        ("Cao atiso {place} hũ 200g", "hu", 300, 180000),
        ("Nấm linh chi đỏ {place} túi 500g", "tui", 550, 750000, "ocop148-dl-khac"),
        ("Đông trùng hạ thảo sấy {place} hộp 10g", "hop", 80, 450000, "ocop148-dl-khac"),
    ], ("Dược liệu {place} trồng và chế biến theo hướng dẫn thực hành tốt, có phiếu kiểm nghiệm.",
        "Cao được cô đặc ở nhiệt độ thấp để giữ hoạt chất."),
        "Sản phẩm này không phải là thuốc, không có tác dụng thay thế thuốc chữa bệnh."),
    line("tinh-dau", "ocop148-dl-tinh-dau", "tinh dầu", [
        ("Tinh dầu sả chanh {place} chai 50ml", "chai", 120, 75000),
        ("Tinh dầu tràm {place} chai 100ml", "chai", 200, 120000),
        ("Tinh dầu quế {place} chai 50ml", "chai", 120, 95000),
        ("Tinh dầu hồi {place} chai 50ml", "chai", 120, 110000),
    ], ("Tinh dầu {place} chưng cất bằng hơi nước từ lá, vỏ và hoa của vùng nguyên liệu địa phương.",
        "Dùng xông phòng, pha nước tắm hoặc massage sau khi pha loãng."),
        "Để xa tầm tay trẻ em, không uống."),
    line("my-pham", "ocop148-dl-my-pham", "mỹ phẩm thảo mộc", [
        ("Xà bông thảo mộc {place} bánh 100g", "cai", 130, 45000),
        ("Dầu gội bồ kết {place} chai 300ml", "chai", 400, 95000),
        ("Son dưỡng sáp ong {place} thỏi 5g", "cai", 30, 55000),
    ], ("Mỹ phẩm {place} làm từ thảo mộc và sáp ong địa phương, nấu thủ công từng mẻ nhỏ.",
        "Không chứa paraben, hương liệu tổng hợp."),),
    # --- handicrafts -----------------------------------------------------------------------
    line("gom", "ocop148-tc-gom", "gốm", [
        ("Bộ ấm chén gốm men lam {place}", "bo", 1800, 650000),
        ("Bình hoa gốm men rạn {place}", "cai", 1500, 420000),
        ("Lọ hoa gốm vẽ tay {place} cao 30cm", "cai", 1800, 350000),
        ("Bộ bát đĩa gốm {place} 10 món", "bo", 3500, 550000),
    ], ("Gốm {place} nặn và vẽ tay bởi nghệ nhân làng nghề, nung ở nhiệt độ 1.200 °C.",
        "Mỗi sản phẩm có nét vẽ riêng, men bóng, an toàn khi dùng đựng thực phẩm."),
        "Đóng gói chống sốc nhiều lớp khi giao."),
    line("lua-to-tam", "ocop148-tc-det-may", "lụa tơ tằm", [
        ("Khăn lụa tơ tằm {place} 180x50cm", "cai", 150, 450000),
        ("Vải lụa tơ tằm {place} khổ 90cm", "cai", 200, 380000),
        ("Cà vạt lụa tơ tằm {place}", "cai", 100, 250000),
    ], ("Lụa {place} dệt từ tơ tằm nuôi lá dâu, mặt lụa mềm, mát và bóng nhẹ.",
        "Hoa văn dệt trên khung cải tiến theo mẫu truyền thống của làng."),
        "Giặt tay bằng nước lạnh, phơi trong bóng râm."),
    line("tho-cam", "ocop148-tc-det-may", "thổ cẩm", [
        ("Khăn choàng thổ cẩm {place}", "cai", 250, 250000),
        ("Túi thổ cẩm {place}", "cai", 300, 180000),
        ("Tấm trải bàn thổ cẩm {place}", "cai", 600, 320000),
    ], ("Thổ cẩm {place} dệt tay bằng sợi lanh, sợi bông nhuộm chàm và màu từ lá rừng.",
        "Mỗi tấm vải mất nhiều ngày dệt, hoa văn kể chuyện của bản làng."),),
    line("may-tre", "ocop148-tc-may-tre", "mây tre đan", [
        ("Giỏ mây đan tay {place}", "cai", 600, 180000),
        ("Khay tre ép {place} bộ 3 chiếc", "bo", 800, 150000),
        ("Đèn tre trang trí {place}", "cai", 700, 320000),
    ], ("Đồ mây tre {place} đan tay từ mây, tre già được xử lý chống mốc bằng phương pháp truyền thống.",
        "Sản phẩm nhẹ, bền, dùng trang trí hoặc đựng đồ trong nhà."),),
    line("coi", "ocop148-tc-may-tre", "cói", [
        ("Chiếu cói {place} 1m6", "cai", 2500, 380000),
        ("Túi cói thêu {place}", "cai", 350, 160000),
        ("Hộp cói đựng đồ {place} bộ 3 chiếc", "bo", 900, 220000),
    ], ("Cói {place} trồng trên đất bãi bồi ven biển, sợi dai, phơi khô giữ màu vàng óng.",
        "Sản phẩm dệt, đan thủ công bởi phụ nữ trong làng nghề."),),
    line("non-la", "ocop148-tc-may-tre", "nón lá", [
        ("Nón lá bài thơ {place}", "cai", 250, 120000),
        ("Nón lá vẽ tay {place}", "cai", 250, 150000),
    ], ("Nón lá {place} chằm từ lá nón phơi sương và vành tre chuốt tay, 16 vòng vành đều nhau.",
        "Mỗi chiếc nón mất gần một ngày công của người thợ."),),
    line("go", "ocop148-tc-go", "đồ gỗ mỹ nghệ", [
        ("Hộp gỗ đựng trà {place}", "cai", 700, 280000),
        ("Khay gỗ xoan đào {place}", "cai", 900, 220000),
        ("Tượng gỗ mỹ nghệ {place} cao 30cm", "cai", 1500, 850000),
    ], ("Đồ gỗ {place} chạm khắc thủ công từ gỗ xoan đào và gỗ hương có nguồn gốc hợp pháp.",
        "Bề mặt được mài và phủ dầu tự nhiên, không dùng sơn PU."),),
    line("kim-loai", "ocop148-tc-kim-loai", "đồ kim loại", [
        ("Bộ dao rèn thủ công {place} 3 chiếc", "bo", 1200, 450000),
        ("Dao phay rèn tay {place}", "cai", 500, 180000),
        ("Lư đồng chạm hoa văn {place}", "cai", 2000, 1500000),
    ], ("Sản phẩm {place} rèn, đúc thủ công bởi thợ làng nghề nhiều đời.",
        "Thép được tôi nhiều lần nên sắc bén, bền và ít gỉ."),),
    line("den-long", "ocop148-tc-det-may", "đèn lồng", [
        ("Đèn lồng lụa {place} đường kính 30cm", "cai", 400, 150000),
        ("Bộ đèn lồng {place} 5 chiếc", "bo", 1500, 550000),
    ], ("Đèn lồng {place} khung tre uốn tay, bọc lụa màu và gấp được để mang đi xa.",
        "Mỗi chiếc đèn được làm thủ công trong các xưởng gia đình ở phố cổ."),),
    # --- ornamental plants and animals -----------------------------------------------------
    line("hoa-canh", "ocop148-svc-hoa", "hoa, cây cảnh", [
        ("Lan hồ điệp {place} chậu 3 cành", "cay", 3000, 650000),
        ("Hoa cúc mâm xôi {place} chậu lớn", "cay", 3500, 250000),
        ("Mai vàng bonsai {place}", "cay", 6000, 1800000, "ocop148-svc-cay-canh"),
        ("Cây đào thế {place}", "cay", 8000, 1500000, "ocop148-svc-cay-canh"),
    ], ("Cây hoa {place} do nhà vườn lâu năm ươm và uốn tạo dáng, bộ rễ khỏe.",
        "Cây được đóng thùng có giá đỡ; giao trong nội tỉnh hoặc bằng xe riêng."),
        "Tưới vừa ẩm, đặt nơi có nắng nhẹ buổi sáng."),
    line("ca-canh", "ocop148-svc-dong-vat", "cá cảnh", [
        ("Cá Koi {place} dài 20cm", "cai", 3000, 450000),
        ("Cá vàng ba đuôi {place} cặp", "bo", 2000, 120000),
    ], ("Cá cảnh {place} nhân giống tại trại, khỏe, màu sắc rõ nét.",
        "Cá được đóng túi oxy và giao trong ngày."),),
    # --- community tourism, eco-tourism, tourist sites (services) --------------------------
    line("du-lich-cong-dong", "ocop148-dv-cong-dong", "du lịch cộng đồng", [
        ("Tour trải nghiệm {place} 2 ngày 1 đêm", "ve", 0, 1200000),
        ("Homestay {place} 1 đêm cho 2 người", "ve", 0, 600000),
        ("Trải nghiệm hái chè và sao chè tại {place}", "ve", 0, 250000),
    ], ("Khách ở cùng người dân {place}, nấu ăn, làm nương và nghe kể chuyện bản làng.",
        "Giá đã gồm hướng dẫn viên người địa phương, bữa ăn và bảo hiểm du lịch."),
        "Đặt trước ít nhất 3 ngày; đổi lịch miễn phí khi thời tiết xấu.", "tourism"),
    line("du-lich-sinh-thai", "ocop148-dv-sinh-thai", "du lịch sinh thái", [
        ("Tour miệt vườn {place} 1 ngày", "ve", 0, 450000),
        ("Vé tham quan khu sinh thái {place}", "ve", 0, 80000),
        ("Chèo thuyền ngắm rừng {place} 2 giờ", "ve", 0, 150000),
    ], ("Hành trình khám phá thiên nhiên {place}: vườn cây, kênh rạch, rừng và bữa trưa đồng quê.",
        "Hướng dẫn viên là người dân địa phương, nhóm tối đa 12 khách."),
        "Vé có giá trị trong 6 tháng kể từ ngày mua.", "tourism"),
    line("diem-du-lich", "ocop148-dv-diem", "điểm du lịch làng nghề", [
        ("Vé tham quan làng nghề {place}", "ve", 0, 50000),
        ("Trải nghiệm làm gốm tại {place} 2 giờ", "ve", 0, 150000),
    ], ("Tham quan xưởng sản xuất và trò chuyện với nghệ nhân làng nghề {place}.",
        "Khách được tự tay làm và mang về một sản phẩm nhỏ."),
        "Mở cửa từ 8 giờ đến 17 giờ hằng ngày.", "tourism"),
]  # fmt: skip
