package org.roster.digitclients.zuul;

/** zuul's {@code org.egov.contract.Action}. */
public class Action {
  public String url;
}
