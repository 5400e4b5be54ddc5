package io.jenkins.plugins.releasegate.checks.batch;

import io.jenkins.plugins.releasegate.checks.jdbc.SqlText;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Finds calls of functions with side effects in a status query. A read-only session stops INSERT, UPDATE,
 * DELETE and DDL, but not functions that write large objects or files, send notifications, take advisory
 * locks, change settings, advance sequences, end other sessions, read server files or run other SQL.
 *
 * <p>The query is split into tokens: string literals ({@code '…'}, {@code E'…'}, {@code $tag$…$tag$}),
 * comments ({@code --}, nested {@code /* … *&#47;}) and quoted identifiers are skipped or read as one token,
 * so a name inside a literal or a comment is not a call. A call is an identifier, quoted or not, optionally
 * qualified by a schema, followed by {@code (} after optional whitespace and comments; names compare
 * without case.
 */
final class SideEffectFunctions {
    /** Functions refused by their exact name. */
    private static final Set<String> NAMES = Set.of(
            // large objects by their old names
            "lowrite",
            "loread",
            "lo_open",
            // notifications, settings, sequences
            "pg_notify",
            "set_config",
            "nextval",
            "setval",
            // other sessions and the server
            "pg_terminate_backend",
            "pg_cancel_backend",
            "pg_reload_conf",
            "pg_rotate_logfile",
            "pg_switch_wal",
            "pg_promote",
            "pg_create_restore_point",
            "pg_backup_start",
            "pg_backup_stop",
            "pg_start_backup",
            "pg_stop_backup",
            "pg_import_system_collations",
            "pg_log_backend_memory_contexts",
            "pg_drop_replication_slot",
            "pg_copy_physical_replication_slot",
            "pg_copy_logical_replication_slot",
            "pg_replication_slot_advance",
            "pg_logical_emit_message",
            "pg_wal_replay_pause",
            "pg_wal_replay_resume",
            "txid_current",
            "pg_current_xact_id",
            // server files
            "pg_read_file",
            "pg_read_binary_file",
            "pg_stat_file",
            "pg_file_write",
            "pg_file_rename",
            "pg_file_unlink",
            "pg_file_sync",
            // functions that run SQL given as text, which the scan cannot see into
            "query_to_xml",
            "query_to_xmlschema",
            "query_to_xml_and_xmlschema",
            "cursor_to_xml",
            "cursor_to_xmlschema",
            "ts_stat",
            "ts_rewrite",
            // MariaDB and MySQL
            "get_lock",
            "release_lock",
            "release_all_locks",
            "load_file",
            "sys_exec",
            "sys_eval");

    /** Functions refused by how their name begins. */
    private static final List<String> PREFIXES = List.of(
            "lo_", // large objects: lo_from_bytea, lo_import, lo_export, lo_create, lo_put, lo_unlink, …
            "dblink", // dblink, dblink_exec, dblink_connect, …
            "pg_advisory", // pg_advisory_lock, pg_advisory_xact_lock_shared, pg_advisory_unlock_all, …
            "pg_try_advisory",
            "pg_ls_", // pg_ls_dir, pg_ls_logdir, pg_ls_waldir, pg_ls_tmpdir, …
            "pg_create_", // replication slots and restore points
            "pg_logical_slot_", // consumes changes of a replication slot
            "pg_replication_origin_",
            "pg_stat_reset",
            "pg_stat_statements_reset");

    private SideEffectFunctions() {}

    /**
     * Returns what is wrong with a query that calls a function with side effects or selects INTO a table or
     * a file (MariaDB's {@code INTO OUTFILE} is not stopped by a read-only transaction).
     *
     * @param query the query
     * @return the problem and what to do, empty if the query calls no such function
     */
    static Optional<String> problem(final String query) {
        return firstCall(query)
                .map(name -> "INTO".equalsIgnoreCase(name)
                        ? "selects INTO a table or a file: remove INTO, the status query may only read"
                        : "calls " + name + "(), a function with side effects that a read-only session does not stop"
                                + " (large objects, files, locks, settings, sequences, notifications, other sessions,"
                                + " or SQL run from text): remove it, and give the monitoring role nothing but SELECT");
    }

    /**
     * Returns the first call of a function with side effects in a query, or {@code INTO}.
     *
     * @param query the query
     * @return the function's name as written, or the keyword INTO as written; empty if there is neither
     */
    static Optional<String> firstCall(final String query) {
        int length = query.length();
        int index = 0;
        String previousName = null;
        while (index < length) {
            char current = query.charAt(index);
            if (Character.isWhitespace(current)) {
                index++;
            } else if (current == '-' && index + 1 < length && query.charAt(index + 1) == '-') {
                index = lineEnd(query, index);
            } else if (current == '/' && index + 1 < length && query.charAt(index + 1) == '*') {
                index = SqlText.endOfBlockComment(query, index, true);
            } else if (current == '\'') {
                index = SqlText.endOfQuoted(query, index + 1, '\'', isEscapeString(query, index));
                previousName = null;
            } else if (current == '"' || current == '`') {
                int end = SqlText.endOfQuoted(query, index + 1, current, false);
                previousName = query.substring(index + 1, Math.max(index + 1, end - 1))
                        .replace(String.valueOf(current) + current, String.valueOf(current));
                index = end;
            } else if (current == '$' && dollarTag(query, index).isPresent()) {
                String tag = dollarTag(query, index).orElseThrow();
                int close = query.indexOf(tag, index + tag.length());
                index = close < 0 ? length : close + tag.length();
                previousName = null;
            } else if (isIdentifierStart(current)) {
                int end = index + 1;
                while (end < length && isIdentifierPart(query.charAt(end))) {
                    end++;
                }
                previousName = query.substring(index, end);
                if ("into".equalsIgnoreCase(previousName)) {
                    return Optional.of(previousName);
                }
                index = end;
            } else if (current == '(') {
                if (previousName != null && isRefused(previousName)) {
                    return Optional.of(previousName);
                }
                previousName = null;
                index++;
            } else {
                previousName = null;
                index++;
            }
        }
        return Optional.empty();
    }

    /**
     * Returns whether a function name is refused.
     *
     * @param name the name, without schema
     * @return {@code true} if calling it has side effects
     */
    static boolean isRefused(final String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return NAMES.contains(lower) || PREFIXES.stream().anyMatch(lower::startsWith);
    }

    private static boolean isEscapeString(final String query, final int quote) {
        if (quote == 0) {
            return false;
        }
        char before = query.charAt(quote - 1);
        boolean prefixed = before == 'e' || before == 'E';
        return prefixed && (quote < 2 || !isIdentifierPart(query.charAt(quote - 2)));
    }

    private static int lineEnd(final String query, final int start) {
        int newline = query.indexOf('\n', start);
        return newline < 0 ? query.length() : newline + 1;
    }

    private static Optional<String> dollarTag(final String query, final int start) {
        if (start > 0 && isIdentifierPart(query.charAt(start - 1))) {
            return Optional.empty(); // part of a name such as a$b
        }
        int index = start + 1;
        while (index < query.length() && isIdentifierPart(query.charAt(index)) && query.charAt(index) != '$') {
            index++;
        }
        if (index < query.length() && query.charAt(index) == '$') {
            String tag = query.substring(start, index + 1);
            return tag.length() > 2 && Character.isDigit(tag.charAt(1)) ? Optional.empty() : Optional.of(tag);
        }
        return Optional.empty();
    }

    private static boolean isIdentifierStart(final char character) {
        return Character.isLetter(character) || character == '_';
    }

    private static boolean isIdentifierPart(final char character) {
        return Character.isLetterOrDigit(character) || character == '_' || character == '$';
    }
}
