package io.jenkins.plugins.releasegate.cli.demo;

/**
 * What the demo's systems look like when the gate runs. The constants are written in lower case because
 * they are typed on the command line ({@code --scenario healthy}).
 */
public enum Scenario {
    /** Everything in order: the gate passes. */
    healthy("everything is in order, so the gate should PASS"),
    /** A lock pile-up in the orders database, a failed and a stuck batch job, a missing undo script: the gate fails. */
    incident("the database, the nightly batch and the rollback plan are in trouble, so the gate should FAIL");

    private final String expectation;

    Scenario(final String expectation) {
        this.expectation = expectation;
    }

    /**
     * Returns what the scenario is and which verdict it should lead to.
     *
     * @return a sentence fragment, such as "everything is in order, so the gate should PASS"
     */
    public String expectation() {
        return expectation;
    }
}
