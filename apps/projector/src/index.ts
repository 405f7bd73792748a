export * from './projector.module';
export * from './projector.service';
