import { Provider } from '@nestjs/common';
import { EgovUserApi, UserServiceApi } from '@roster/user-service-contract';
import { BusEgovUserApi } from '../egov/bus-egov-user-api';
import { BusUserServiceApi } from './bus-user-service-api';

/**
 * The gateway's ports bound to this process's buses, for a gateway that runs beside the user-service
 * (all-in-one). The all-in-one app hands them to the gateway, which so never imports the user-service.
 */
export const IN_PROCESS_APIS: Provider[] = [
  { provide: UserServiceApi, useClass: BusUserServiceApi },
  { provide: EgovUserApi, useClass: BusEgovUserApi },
];
