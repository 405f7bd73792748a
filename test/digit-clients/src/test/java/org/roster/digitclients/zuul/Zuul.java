package org.roster.digitclients.zuul;

import java.io.IOException;
import org.roster.digitclients.common.RestTemplateJson;

/** How zuul reads egov-user: {@code restTemplate.postForObject(url, entity, <class>)}, straight into its classes. */
public final class Zuul {
  private Zuul() {}

  /** {@code AuthFilter.getUser}: {@code POST /user/_details?access_token=} into {@link User}. */
  public static User details(String body) throws IOException {
    return RestTemplateJson.read(body, User.class);
  }

  /** {@code UserUtils.fetchSystemUser}: {@code POST /user/v1/_search} into {@link UserDetailResponse}; it takes user[0]. */
  public static UserDetailResponse systemUserSearch(String body) throws IOException {
    return RestTemplateJson.read(body, UserDetailResponse.class);
  }
}
