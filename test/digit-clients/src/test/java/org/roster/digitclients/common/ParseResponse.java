package org.roster.digitclients.common;

import java.text.ParseException;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The {@code parseResponse} that hrms, pgr and pt each carry a copy of: before mapping, every item of
 * {@code user[]} gets its date strings replaced by epoch ms, found by exact key and cast with {@code (String)}.
 * {@code createdDate} unconditionally (null: NullPointerException), the others when not null (a number:
 * ClassCastException, also in the null check). Parsing is {@code SimpleDateFormat} in the JVM default zone.
 * The copies differ only in what a ParseException does, so that is the {@link DateToLong} passed in.
 */
public final class ParseResponse {
  public static final String DATE_TIME = "dd-MM-yyyy HH:mm:ss";

  /** {@code dateTolong(String date, String format)} of one client. */
  public interface DateToLong {
    Long apply(String date, String format);
  }

  private ParseResponse() {}

  @SuppressWarnings({"rawtypes", "unchecked"})
  public static void apply(LinkedHashMap responseMap, String dobFormat, DateToLong dateTolong) {
    List<LinkedHashMap> users = (List<LinkedHashMap>) responseMap.get("user");
    if (users != null) {
      users.forEach(map -> {
        map.put("createdDate", dateTolong.apply((String) map.get("createdDate"), DATE_TIME));
        if ((String) map.get("lastModifiedDate") != null) map.put("lastModifiedDate", dateTolong.apply((String) map.get("lastModifiedDate"), DATE_TIME));
        if ((String) map.get("dob") != null) map.put("dob", dateTolong.apply((String) map.get("dob"), dobFormat));
        if ((String) map.get("pwdExpiryDate") != null) map.put("pwdExpiryDate", dateTolong.apply((String) map.get("pwdExpiryDate"), DATE_TIME));
      });
    }
  }

  /**
   * hrms and pt: the ParseException is printed and swallowed, then {@code d.getTime()} on the null date throws a
   * NullPointerException. The swallowed exception rides along as a suppressed one so a failure says why.
   */
  public static Long swallowingParseException(String date, String format) {
    SimpleDateFormat f = new SimpleDateFormat(format);
    Date d = null;
    ParseException swallowed = null;
    try {
      d = f.parse(date);
    } catch (ParseException e) {
      swallowed = e;
    }
    try {
      return d.getTime();
    } catch (NullPointerException e) {
      if (swallowed != null) e.addSuppressed(swallowed);
      throw e;
    }
  }

  /** pgr: a ParseException is {@code CustomException("INVALID_DATE_FORMAT", ...)}. */
  public static Long throwingInvalidDateFormat(String date, String format) {
    SimpleDateFormat f = new SimpleDateFormat(format);
    Date d;
    try {
      d = f.parse(date);
    } catch (ParseException e) {
      throw new CustomException("INVALID_DATE_FORMAT", "Failed to parse date format in user", e);
    }
    return d.getTime();
  }
}
