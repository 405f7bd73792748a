package org.roster.digitclients.zuul;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.roster.digitclients.common.ResponseInfo;

/** zuul's {@code org.egov.model.UserDetailResponse}: the answer of the anonymous system-user search. */
public class UserDetailResponse {
  @JsonProperty("responseInfo")
  public ResponseInfo responseInfo;

  @JsonProperty("user")
  public List<User> user;
}
