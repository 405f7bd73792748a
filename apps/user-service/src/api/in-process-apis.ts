import type { Provider } from '@nestjs/common';
import { EgovUserApi, UserServiceApi } from '@roster/user-service-contract';
import { EGOV_BUS_ROUTES } from '../egov/egov-bus-routes';
import { busApiProvider } from './bus-routes';
import { USER_SERVICE_BUS_ROUTES } from './user-service-bus-routes';

/**
 * The gateway's ports bound to this process's buses: for a gateway that runs beside the user-service
 * (all-in-one; the all-in-one app hands them to the gateway, which so never imports the user-service) and
 * for the TCP controller of a user-service on its own.
 */
export const IN_PROCESS_APIS: Provider[] = [
  busApiProvider(UserServiceApi, USER_SERVICE_BUS_ROUTES),
  busApiProvider(EgovUserApi, EGOV_BUS_ROUTES),
];
