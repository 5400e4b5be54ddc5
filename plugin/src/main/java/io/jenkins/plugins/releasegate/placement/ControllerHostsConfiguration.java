package io.jenkins.plugins.releasegate.placement;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.security.Permission;
import hudson.util.FormValidation;
import io.jenkins.plugins.releasegate.spi.AllowedHosts;
import io.jenkins.plugins.releasegate.spi.HostGuard;
import java.util.List;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * The hosts that checks may reach when they run on the controller: outside a {@code node} block, or when the
 * agent of the enclosing {@code node} is gone. Exact host names, host names with a port, IP addresses and CIDR
 * ranges, one or more a line; nothing is allowed by default. Only administrators see and change it; Configuration
 * as Code: {@code unclassified: releaseGateControllerHosts: allowedHosts: ...}. Parsing and matching are core's
 * {@link AllowedHosts}.
 */
@Extension
@Symbol("releaseGateControllerHosts")
public class ControllerHostsConfiguration extends GlobalConfiguration {
    private String allowedHosts = "";

    /** Loads the saved configuration. */
    public ControllerHostsConfiguration() {
        load();
    }

    /**
     * Returns the configuration.
     *
     * @return the singleton
     */
    public static ControllerHostsConfiguration get() {
        return ExtensionList.lookupSingleton(ControllerHostsConfiguration.class);
    }

    /**
     * Returns the allowed hosts as written.
     *
     * @return the entries, separated by line breaks, blanks or commas
     */
    public String getAllowedHosts() {
        return allowedHosts;
    }

    /**
     * Sets the allowed hosts and saves them. Entries that do not parse allow nothing.
     *
     * @param value the entries, separated by line breaks, blanks or commas; {@code #} starts a comment
     */
    @DataBoundSetter
    public void setAllowedHosts(final String value) {
        allowedHosts = value == null ? "" : value.trim();
        save();
    }

    /**
     * Returns the guard that checks on the controller connect through.
     *
     * @return a guard that refuses every host not allowed here, with the sentence that says where to allow it
     */
    public HostGuard guard() {
        return AllowedHosts.parse(allowedHosts).hosts().guard(Messages.ControllerHostsConfiguration_whereToAllow());
    }

    @Override
    public boolean configure(final StaplerRequest2 request, final JSONObject json) throws FormException {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        setAllowedHosts(json.optString("allowedHosts", ""));
        return true;
    }

    @Override
    public Permission getRequiredGlobalConfigPagePermission() {
        return Jenkins.ADMINISTER;
    }

    /**
     * Says what is wrong with the entries, line by line.
     *
     * @param value the entries as typed
     * @return OK, or an error listing each entry that allows nothing and what to write instead
     */
    @POST
    public FormValidation doCheckAllowedHosts(@QueryParameter final String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        List<String> problems = AllowedHosts.parse(value == null ? "" : value).problems();
        if (problems.isEmpty()) {
            return FormValidation.ok();
        }
        return FormValidation.error(String.join("\n", problems));
    }
}
