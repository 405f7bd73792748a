package org.roster.digitclients.pt;

import java.util.Map;

/** property-services {@code Document}; egov-user never answers documents (auditDetails kept untyped). */
public class Document {
  public String id;
  public String documentType;
  public String fileStoreId;
  public String documentUid;
  public Map<String, Object> auditDetails;
  public Status status;
}
