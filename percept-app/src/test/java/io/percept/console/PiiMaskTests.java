package io.percept.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PiiMaskTests {

    @Test
    void phonesKeepTheirFirstThreeAndLastFourDigits() {
        assertThat(PiiMask.phone("+8613812341234")).isEqualTo("138****1234");
        assertThat(PiiMask.phone("138 1234 5678")).isEqualTo("138****5678");
        assertThat(PiiMask.phone("+14155550100")).isEqualTo("141****0100");
        assertThat(PiiMask.phone("12345")).isEqualTo("***45");
    }

    @Test
    void emailsKeepTheirFirstLetterAndDomain() {
        assertThat(PiiMask.email("zhang.san@example.com")).isEqualTo("z***@example.com");
        assertThat(PiiMask.email("not-an-email")).isEqualTo("***");
    }

    @Test
    void namesKeepTheirFirstCharacter() {
        assertThat(PiiMask.name("张三")).isEqualTo("张*");
        assertThat(PiiMask.name("欧阳娜娜")).isEqualTo("欧***");
        assertThat(PiiMask.name("John Smith")).isEqualTo("J*** S***");
        assertThat(PiiMask.name("Madonna")).isEqualTo("M***");
    }

    @Test
    void addressesKeepTheirFirstThreeCharactersAndOtherFieldsStay() {
        assertThat(PiiMask.mask("address", "上海市浦东新区世纪大道 100 号")).isEqualTo("上海市****");
        assertThat(PiiMask.mask("first_name", "John")).isEqualTo("J***");
        assertThat(PiiMask.mask("email", "a@b.cn")).isEqualTo("a***@b.cn");
        assertThat(PiiMask.mask("plan", "gold")).isEqualTo("gold");
        assertThat(PiiMask.mask("user_id", "c-1001")).isEqualTo("c-1001");
    }
}
