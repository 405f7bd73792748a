package org.roster.digitclients.token;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The body of egov-user's {@code POST /user/oauth/token} (Spring OAuth2's token plus egov-user's additional
 * information), which the DIGIT UI keeps: {@code const {ResponseInfo, UserRequest: info, ...tokens} = resp}.
 * {@code ResponseInfo} is a plain map there (snake_case keys, {@code ts} an empty string).
 */
public class TokenAnswer {
  @JsonProperty("access_token") public String accessToken;
  @JsonProperty("token_type") public String tokenType;
  @JsonProperty("refresh_token") public String refreshToken;
  @JsonProperty("expires_in") public long expiresIn;
  @JsonProperty("scope") public String scope;
  @JsonProperty("ResponseInfo") public Map<String, Object> responseInfo;
  @JsonProperty("UserRequest") public AuthUser userRequest;
}
