package io.percept.identity.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.identity.Identifier;
import io.percept.identity.IdentifierType;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdentifierValuesTests {

    private final IdentifierValues values = IdentifierValues.defaults();

    @Test
    void refusesPlaceholdersWhateverTheirCase() {
        for (String placeholder : new String[] {"null", " NULL ", "undefined", "anonymous", "Guest", "0", "-1", "[object Object]", "",
            "00000000-0000-0000-0000-000000000000", "000000", "xxxxxxxx", "n/a"}) {
            assertThat(values.normalize(IdentifierType.USER_ID, placeholder)).as(placeholder).isEmpty();
        }
        assertThat(values.normalize(IdentifierType.USER_ID, "x".repeat(257))).isEmpty();
        assertThat(values.normalize(IdentifierType.USER_ID, null)).isEmpty();
        assertThat(values.normalize(IdentifierType.USER_ID, java.util.Map.of("id", 1))).isEmpty();
    }

    @Test
    void keepsRealIdsAndTurnsNumbersIntoText() {
        assertThat(values.normalize(IdentifierType.USER_ID, " c-42 ")).contains(new Identifier(IdentifierType.USER_ID, "c-42"));
        assertThat(values.normalize(IdentifierType.USER_ID, 17850L)).contains(new Identifier(IdentifierType.USER_ID, "17850"));
        assertThat(values.normalize(IdentifierType.USER_ID, 17850.0)).contains(new Identifier(IdentifierType.USER_ID, "17850"));
        assertThat(values.normalize(IdentifierType.USER_ID, "000")).as("short repeats are real ids").isPresent();
    }

    @Test
    void lowerCasesEmailsAndRefusesWhatIsNotOne() {
        assertThat(values.normalize(IdentifierType.EMAIL, " Li.Wei@Example.COM ")).contains(new Identifier(IdentifierType.EMAIL, "li.wei@example.com"));
        assertThat(values.normalize(IdentifierType.EMAIL, "not an email")).isEmpty();
        assertThat(values.normalize(IdentifierType.EMAIL, "a@b")).isEmpty();
        assertThat(values.normalize(IdentifierType.EMAIL, "a b@c.com")).isEmpty();
    }

    @Test
    void writesPhonesAsE164WithChineseMobileNumbersInEverySpelling() {
        for (String spelling : new String[] {"13812345678", "138-1234-5678", "138 1234 5678", "+86 138 1234 5678", "+8613812345678",
            "008613812345678", "86 13812345678", "(+86) 138-1234-5678"}) {
            assertThat(phone(spelling)).as(spelling).contains("+8613812345678");
        }
        assertThat(phone("010-12345678")).as("a Beijing landline").contains("+861012345678");
        assertThat(phone("+1 (415) 555-0100")).contains("+14155550100");
        assertThat(phone("12345")).isEmpty();
        assertThat(phone("call me")).isEmpty();
        assertThat(phone("+86 0000 0000 000")).isEmpty();
        assertThat(new IdentifierValues(IdentifierValues.DEFAULT_BLOCKLIST, "1").normalize(IdentifierType.PHONE, "415-555-0100")
                .map(Identifier::value)).contains("+14155550100");
    }

    private Optional<String> phone(String text) {
        return values.normalize(IdentifierType.PHONE, text).map(Identifier::value);
    }
}
