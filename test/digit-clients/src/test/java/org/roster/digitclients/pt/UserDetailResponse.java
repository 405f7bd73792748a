package org.roster.digitclients.pt;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.roster.digitclients.common.ResponseInfo;

/** property-services {@code org.egov.pt.models.user.UserDetailResponse}: the users are OwnerInfo. */
public class UserDetailResponse {
  @JsonProperty("responseInfo")
  public ResponseInfo responseInfo;

  @JsonProperty("user")
  public List<OwnerInfo> user;
}
