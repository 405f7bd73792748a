export * from './finish-erasures';
export * from './projector.module';
export * from './projector.service';
export * from './rebuild';
