"""The numbers of tables 三 and 四 of ../shared/corpus/real/huaian-2024.pdf, read by hand from the PDF."""

from govlint.testing.generate import get_template

# Read from huaian-2024.pdf (pdfplumber and pdfium text, checked by hand): table 三 rows,
# label → 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计.
HUAIAN_THREE = {
    "一、本年新收政府信息公开申请数量": "3001 53 0 0 61 4 3119",
    "二、上年结转政府信息公开申请数量": "34 0 0 0 0 0 34",
    "（一）予以公开": "1288 21 0 0 50 3 1362",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": "447 7 0 0 0 0 454",
    "1.属于国家秘密": "2 0 0 0 0 0 2",
    "2.其他法律行政法规禁止公开": "30 1 0 0 0 0 31",
    "3.危及“三安全一稳定”": "5 0 0 0 0 0 5",
    "4.保护第三方合法权益": "6 0 0 0 0 0 6",
    "5.属于三类内部事务信息": "7 1 0 0 0 0 8",
    "6.属于四类过程性信息": "12 0 0 0 0 0 12",
    "7.属于行政执法案卷": "9 0 0 0 0 0 9",
    "8.属于行政查询事项": "105 0 0 0 0 0 105",
    "1.本机关不掌握相关政府信息": "746 12 0 0 10 1 769",
    "2.没有现成信息需要另行制作": "11 0 0 0 0 0 11",  # page 5: the table continues
    "3.补正后申请内容仍不明确": "1 0 0 0 0 0 1",
    "1.信访举报投诉类申请": "56 6 0 0 0 0 62",
    "2.重复申请": "25 0 0 0 0 0 25",
    "3.要求提供公开出版物": "0 0 0 0 0 0 0",
    "4.无正当理由大量反复申请": "0 0 0 0 0 0 0",
    "5.要求行政机关确认或重新出具已获取信息": "1 0 0 0 0 0 1",
    "1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请": "67 3 0 0 1 0 71",
    "2、申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请": "6 0 0 0 0 0 6",
    "3、其他": "108 2 0 0 0 0 110",
    "（七）总计": "2932 53 0 0 61 4 3050",
    "四、结转下年度继续办理": "103 0 0 0 0 0 103",
}
# Table 四: 行政复议 维持 纠正 其他 未审结 总计, 直接起诉 ×5, 复议后起诉 ×5.
HUAIAN_FOUR = "72 64 178 37 351 13 4 8 1 26 12 1 1 6 20"

# The PDF numbers its （六） items 「1、」 where the template has 「1.」: same rows, in order.
HUAIAN_ROW_KEYS = (
    "r1_new", "r2_carried", "r3_1_open", "r3_2_partial", *(f"r3_3_{i}" for i in range(1, 9)),
    *(f"r3_4_{i}" for i in range(1, 4)), *(f"r3_5_{i}" for i in range(1, 6)), *(f"r3_6_{i}" for i in range(1, 4)),
    "r3_7_total", "r4_carry_next",
)  # fmt: skip
T3_COLUMNS = ("natural", "commercial", "research", "nonprofit", "legal", "other_org", "total")


def huaian_expected() -> dict[tuple[str, str, str], int]:
    """Every number of tables 三 and 四: (table, row, column) → value."""
    expected = {}
    for row, numbers in zip(HUAIAN_ROW_KEYS, HUAIAN_THREE.values()):
        expected.update({("t3", row, column): int(n) for column, n in zip(T3_COLUMNS, numbers.split())})
    four = get_template("v2021").table("t4")
    expected.update({("t4", "cases", c.key): int(n) for c, n in zip(four.columns, HUAIAN_FOUR.split())})  # type: ignore[union-attr]
    return expected
