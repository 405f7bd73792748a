package org.roster.digitclients.pt;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * property-services {@code org.egov.pt.models.OwnerInfo}, the item type of its user answers. It re-declares
 * {@code gender}, {@code fatherOrHusbandName} and {@code correspondenceAddress}, hiding the parent's fields.
 */
public class OwnerInfo extends User {
  @JsonProperty("ownerInfoUuid") public String ownerInfoUuid;
  @JsonProperty("gender") public String gender;
  @JsonProperty("fatherOrHusbandName") public String fatherOrHusbandName;
  @JsonProperty("correspondenceAddress") public String correspondenceAddress;
  @JsonProperty("isPrimaryOwner") public Boolean isPrimaryOwner;
  @JsonProperty("ownerShipPercentage") public Double ownerShipPercentage;
  @JsonProperty("ownerType") public String ownerType;
  @JsonProperty("institutionId") public String institutionId;
  @JsonProperty("status") public Status status;
  @JsonProperty("documents") public List<Document> documents;
  @JsonProperty("relationship") public Relationship relationship;
}
