package org.roster.digitclients.common;

/** services-common {@code org.egov.common.contract.response.ResponseInfo} (no Jackson annotations). */
public class ResponseInfo {
  public String apiId;
  public String ver;
  public Long ts;
  public String resMsgId;
  public String msgId;
  public String status;
}
