import { Module } from '@nestjs/common';
import { ProjectorService } from './projector.service';

/** Needs EventStore, UserReadModel and PersonalData from a stores module. */
@Module({ providers: [ProjectorService] })
export class ProjectorModule {}
