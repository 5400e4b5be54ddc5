package io.jenkins.plugins.releasegate.cli.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

/**
 * One of the orders service's Flyway migrations, shipped as resources under {@code workspace/db/migration}.
 *
 * @param version the version, such as {@code 3}
 * @param description the description, such as {@code add_delivery_slot}
 */
record Migration(int version, String description) {
    /** The directory of the migrations in the demo's repository. */
    static final String DIRECTORY = "db/migration";

    /** Every migration; the last one is what the release being deployed adds. */
    static final List<Migration> ALL = List.of(
            new Migration(1, "create_orders"),
            new Migration(2, "index_orders_by_customer_and_status"),
            new Migration(3, "add_delivery_slot"));

    /**
     * Returns the file name of the versioned migration.
     *
     * @return the file name, such as {@code V3__add_delivery_slot.sql}
     */
    String script() {
        return "V" + version + "__" + description + ".sql";
    }

    /**
     * Returns the file name of the undo migration.
     *
     * @return the file name, such as {@code U3__add_delivery_slot.sql}
     */
    String undoScript() {
        return "U" + version + "__" + description + ".sql";
    }

    /**
     * Returns the SQL of the versioned migration.
     *
     * @return the SQL
     */
    String sql() {
        return Template.resource("workspace/" + DIRECTORY + "/" + script());
    }

    /**
     * Returns the SQL of the undo migration.
     *
     * @return the SQL
     */
    String undoSql() {
        return Template.resource("workspace/" + DIRECTORY + "/" + undoScript());
    }

    /**
     * Returns the description as Flyway records it, with spaces for underscores.
     *
     * @return the description, such as {@code add delivery slot}
     */
    String displayDescription() {
        return description.replace('_', ' ');
    }

    /**
     * Returns the checksum Flyway records for the versioned migration: a CRC-32 over the UTF-8 bytes of every
     * line without its line break (and without a byte-order mark).
     *
     * @return the checksum
     */
    int checksum() {
        CRC32 crc = new CRC32();
        try (BufferedReader reader = new BufferedReader(new StringReader(sql()))) {
            String line = reader.readLine();
            if (line != null && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            while (line != null) {
                crc.update(line.getBytes(StandardCharsets.UTF_8));
                line = reader.readLine();
            }
        } catch (IOException exception) {
            throw new UncheckedIOException(exception);
        }
        return (int) crc.getValue();
    }
}
