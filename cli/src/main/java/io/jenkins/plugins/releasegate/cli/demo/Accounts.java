package io.jenkins.plugins.releasegate.cli.demo;

/**
 * The demo's database roles and their passwords, generated for each run and never printed.
 *
 * @param ordersApplication the password of {@value #ORDERS_APPLICATION}, which owns the orders database
 * @param monitor the password of {@value #MONITOR}, the dbLoad check's monitoring account ({@code pg_monitor})
 * @param batchApplication the password of {@value #BATCH_APPLICATION}, which owns the job repository
 * @param batchReader the password of {@value #BATCH_READER}, which may only read the job repository
 */
record Accounts(String ordersApplication, String monitor, String batchApplication, String batchReader) {
    /** The role of the orders service. */
    static final String ORDERS_APPLICATION = "orders_app";
    /** The monitoring role that dbLoad signs in with. */
    static final String MONITOR = "release_gate";
    /** The role of the batch application, which writes the job repository. */
    static final String BATCH_APPLICATION = "batch_app";
    /** The read-only role that batchHealth signs in with. */
    static final String BATCH_READER = "batch_reader";

    /**
     * Generates new passwords.
     *
     * @return the accounts
     */
    static Accounts generate() {
        return new Accounts(
                DemoDatabase.generatePassword(),
                DemoDatabase.generatePassword(),
                DemoDatabase.generatePassword(),
                DemoDatabase.generatePassword());
    }

    @Override
    public String toString() {
        return "Accounts[passwords hidden]";
    }
}
