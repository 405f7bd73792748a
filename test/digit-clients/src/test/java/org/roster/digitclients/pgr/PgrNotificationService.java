package org.roster.digitclients.pgr;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TimeZone;
import org.roster.digitclients.common.ParseResponse;
import org.roster.digitclients.common.RestTemplateJson;
import org.roster.digitclients.common.User;

/**
 * pgr-services {@code NotificationService.fetchUserByUUID}: its own parseResponse copy (dob {@code yyyy-MM-dd},
 * ParseExceptions swallowed), then {@code user[0]} converted into services-common's {@code User}. pgr swallows any
 * exception here and sends no notification.
 */
public final class PgrNotificationService {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES, true)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .setTimeZone(TimeZone.getTimeZone("UTC"));

  private PgrNotificationService() {}

  @SuppressWarnings({"rawtypes", "unchecked"})
  public static User fetchUserByUUID(String body) throws IOException {
    LinkedHashMap responseMap = RestTemplateJson.readMap(body);
    List<LinkedHashMap> users = (List<LinkedHashMap>) responseMap.get("user");
    ParseResponse.apply(responseMap, "yyyy-MM-dd", ParseResponse::swallowingParseException);
    return MAPPER.convertValue(users.get(0), User.class);
  }
}
