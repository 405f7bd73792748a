package org.roster.digitclients.pt;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.TimeZone;
import org.roster.digitclients.common.CustomException;
import org.roster.digitclients.common.ParseResponse;
import org.roster.digitclients.common.RestTemplateJson;

/**
 * property-services {@code UserService.userCall}: dob pattern by URL (config paths {@code /user/_search},
 * {@code /_createnovalidate}, {@code /_updatenovalidate}), ParseExceptions swallowed as in hrms, and the mapper
 * is {@code PropertyApplication.objectMapper()}: case-insensitive, unknown properties off, zone UTC.
 */
public final class PtUserService {
  public static final String SEARCH_ENDPOINT = "/user/_search";
  public static final String CREATE_ENDPOINT = "/_createnovalidate";
  public static final String UPDATE_ENDPOINT = "/_updatenovalidate";

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES, true)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .setTimeZone(TimeZone.getTimeZone("UTC"));

  private PtUserService() {}

  @SuppressWarnings("rawtypes")
  public static UserDetailResponse userCall(String body, String url) throws IOException {
    String dobFormat = null;
    if (url.contains(SEARCH_ENDPOINT) || url.contains(UPDATE_ENDPOINT)) dobFormat = "yyyy-MM-dd";
    else if (url.contains(CREATE_ENDPOINT)) dobFormat = "dd/MM/yyyy";
    try {
      LinkedHashMap responseMap = RestTemplateJson.readMap(body);
      if (responseMap == null) return new UserDetailResponse();
      ParseResponse.apply(responseMap, dobFormat, ParseResponse::swallowingParseException);
      return MAPPER.convertValue(responseMap, UserDetailResponse.class);
    } catch (IllegalArgumentException e) {
      throw new CustomException("IllegalArgumentException", "ObjectMapper not able to convertValue in userCall", e);
    }
  }
}
