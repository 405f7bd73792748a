package org.roster.digitclients.hrms;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TimeZone;
import org.roster.digitclients.common.CustomException;
import org.roster.digitclients.common.ParseResponse;
import org.roster.digitclients.common.RestTemplateJson;

/**
 * egov-hrms {@code UserService}'s reading of egov-user answers. The dob pattern is chosen from the URI the way
 * {@code userCall} chooses it; the mapper is the app's bean ({@code EgovEmployeeApplication}): case-sensitive,
 * unknown properties off, zone UTC.
 */
public final class HrmsUserService {
  public static final String SEARCH_ENDPOINT = "/user/v1/_search";
  public static final String CREATE_ENDPOINT = "/user/users/_createnovalidate";
  public static final String UPDATE_ENDPOINT = "/user/users/_updatenovalidate";

  private static final ObjectMapper OBJECT_MAPPER =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).setTimeZone(TimeZone.getTimeZone("UTC"));

  private HrmsUserService() {}

  /** {@code userCall(request, uri)}: employee search, create and update. */
  @SuppressWarnings("rawtypes")
  public static UserResponse userCall(String body, String uri) throws IOException {
    String dobFormat = null;
    if (uri.contains(SEARCH_ENDPOINT) || uri.contains(UPDATE_ENDPOINT)) dobFormat = "yyyy-MM-dd";
    else if (uri.contains(CREATE_ENDPOINT)) dobFormat = "dd/MM/yyyy";
    LinkedHashMap responseMap = RestTemplateJson.readMap(body);
    ParseResponse.apply(responseMap, dobFormat, ParseResponse::swallowingParseException);
    try {
      return OBJECT_MAPPER.convertValue(responseMap, UserResponse.class);
    } catch (IllegalArgumentException e) {
      throw new CustomException("IllegalArgumentException", "ObjectMapper not able to convertValue in userCall", e);
    }
  }

  /**
   * {@code initalizeSystemuser} and {@code createInternalMicroserviceUser} at start: the raw map only,
   * {@code (String) users.get(0).get("uuid")}; any exception stops hrms from starting.
   */
  @SuppressWarnings({"rawtypes", "unchecked"})
  public static String internalUserUuid(String body) throws IOException {
    LinkedHashMap responseMap = RestTemplateJson.readMap(body);
    List<LinkedHashMap> users = (List<LinkedHashMap>) responseMap.get("user");
    return (String) users.get(0).get("uuid");
  }
}
