import { Module } from '@nestjs/common';
import { ProjectorService } from './projector.service';

/** Needs EventStore and UserReadModel from a stores module. */
@Module({ providers: [ProjectorService] })
export class ProjectorModule {}
