package io.jenkins.plugins.releasegate.checks.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.checks.jdbc.Dialect;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class StatementTextTest {
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            ALTER ROLE appuser PASSWORD $$N3w-Pr0d-S3cret$$                    | ALTER ROLE appuser PASSWORD ?
            ALTER ROLE appuser PASSWORD $pw$N3w-$$-Pr0d-S3cret$pw$ VALID UNTIL 'infinity' | ALTER ROLE appuser PASSWORD ? VALID UNTIL ?
            ALTER ROLE a PASSWORD $x$never closed S3cret                        | ALTER ROLE a PASSWORD ?
            ALTER USER app WITH PASSWORD 'very''secret'                         | ALTER USER app WITH PASSWORD ?
            ALTER USER app WITH PASSWORD E'S3cr\\'et'                           | ALTER USER app WITH PASSWORD ?
            ALTER USER app WITH PASSWORD e'S3cr\\'et' LOGIN                     | ALTER USER app WITH PASSWORD ? LOGIN
            ALTER USER app WITH PASSWORD U&'S3cr\\0065t'                        | ALTER USER app WITH PASSWORD ?
            SELECT dblink_connect('host=db password=S3cret')                    | SELECT dblink_connect(?)
            SELECT 'C:\\' AS path, 'S3cret' AS second                           | SELECT ?
            SELECT "Pass Word", 'S3cret' FROM "T""x" WHERE a = $1               | SELECT "Pass Word", ? FROM "T""x" WHERE a = $1
            SELECT 1 /* it's */, 'S3cret' -- it's                            | SELECT 1 /* it's */, ? -- it's
            SELECT a$b$c FROM t WHERE x = 'S3cret'                              | SELECT a$b$c FROM t WHERE x = ?
            SELECT 'unterminated S3cret                                         | SELECT ?
            """)
    void shouldReplaceEveryPostgresLiteral(final String statement, final String shown) {
        assertThat(StatementText.of(statement, Dialect.POSTGRESQL)).isEqualTo(shown);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            SET PASSWORD FOR u = 'S3cret'                                       | SET PASSWORD FOR u = ?
            SET PASSWORD FOR app = PASSWORD('S3cret')                           | SET PASSWORD FOR app = PASSWORD(?)
            CREATE USER a IDENTIFIED BY "S3cret"                                | CREATE USER a IDENTIFIED BY ?
            CREATE USER a IDENTIFIED BY 'S3c\\'ret'                             | CREATE USER a IDENTIFIED BY ?
            CREATE USER a IDENTIFIED BY 'S3c''ret'                              | CREATE USER a IDENTIFIED BY ?
            ALTER USER a IDENTIFIED WITH mysql_native_password BY 'S3cret'      | ALTER USER a IDENTIFIED WITH mysql_native_password BY ?
            SELECT 'a\\', 'S3cret'                                              | SELECT ?
            SELECT `col'x` FROM t WHERE c = "S3\\"cret"                         | SELECT `col'x` FROM t WHERE c = ?
            SELECT 'S3cret' # it's                                              | SELECT ? # it's
            /*!50700 ALTER USER a IDENTIFIED BY 'S3cret' */                     | /*!50700 ALTER USER a IDENTIFIED BY ? */
            SELECT _utf8mb4'S3cret', N'S3cret', X'53'                           | SELECT _utf8mb4?, ?, ?
            """)
    void shouldReplaceEveryMySqlLiteral(final String statement, final String shown) {
        assertThat(StatementText.of(statement, Dialect.MYSQL)).isEqualTo(shown);
        assertThat(StatementText.of(statement, Dialect.MARIADB)).isEqualTo(shown);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void shouldShowOneLineCutToTheMaximumLength(final Dialect dialect) {
        assertThat(StatementText.of("ALTER USER app\n  WITH PASSWORD\n'very\nsecret'", dialect))
                .isEqualTo("ALTER USER app WITH PASSWORD ?");
        assertThat(StatementText.of("SELECT " + "x, ".repeat(100) + "'S3cret'", dialect))
                .hasSize(StatementText.MAX_LENGTH + 1)
                .endsWith("…");
    }
}
