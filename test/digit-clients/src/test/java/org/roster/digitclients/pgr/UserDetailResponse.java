package org.roster.digitclients.pgr;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.roster.digitclients.common.ResponseInfo;

/** pgr-services {@code org.egov.pgr.web.models.user.UserDetailResponse}. */
public class UserDetailResponse {
  @JsonProperty("responseInfo")
  public ResponseInfo responseInfo;

  @JsonProperty("user")
  public List<User> user;
}
