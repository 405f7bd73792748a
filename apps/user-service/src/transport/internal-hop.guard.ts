import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { TcpContext } from '@nestjs/microservices';
import { RequestRejectedError } from '@roster/domain';
import { verifyHop } from '@roster/user-service-contract';

/**
 * Checks every request that reaches the user-service over TCP: signed by a gateway of this deployment (see
 * internal-hop.ts), and naming a caller that DIGIT's gateway vouched for only when this deployment runs behind
 * it (ROSTER_EGOV_AUTH=gateway).
 */
@Injectable()
export class InternalHopGuard implements CanActivate {
  constructor(
    private readonly key: Buffer,
    private readonly egovAuth: 'token' | 'gateway',
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const rpc = context.switchToRpc();
    const data: unknown = rpc.getData();
    verifyHop(this.key, rpc.getContext<TcpContext>().getPattern(), data, Date.now());
    if (this.egovAuth !== 'gateway' && (data as { caller?: { trusted?: unknown } }).caller?.trusted === true) {
      throw new RequestRejectedError(
        'unauthorized',
        'INTERNAL_HOP_REFUSED',
        'a caller vouched for by a DIGIT gateway needs ROSTER_EGOV_AUTH=gateway',
      );
    }
    return true;
  }
}
