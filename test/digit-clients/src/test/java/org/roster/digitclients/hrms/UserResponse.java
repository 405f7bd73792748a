package org.roster.digitclients.hrms;

import java.util.ArrayList;
import java.util.List;
import org.roster.digitclients.common.ResponseInfo;

/** egov-hrms {@code org.egov.hrms.web.contract.UserResponse} (no Jackson annotations). */
public class UserResponse {
  public ResponseInfo responseInfo;
  public List<User> user = new ArrayList<>();
}
