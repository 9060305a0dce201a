import { fromBinary, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import { anyUnpack } from '@bufbuild/protobuf/wkt';
import { createRegistry } from '@bufbuild/protobuf';
import type { Metadata } from '@grpc/grpc-js';
import { BadRequestSchema, ErrorInfoSchema, PreconditionFailureSchema, ResourceInfoSchema, RetryInfoSchema } from '../../src/gen/google/rpc/error_details_pb.js';
import { StatusSchema } from '../../src/gen/google/rpc/status_pb.js';

const registry = createRegistry(BadRequestSchema, ErrorInfoSchema, PreconditionFailureSchema, ResourceInfoSchema, RetryInfoSchema);

/** Reads google.rpc.Status details from a grpc-js error's trailers (grpc-status-details-bin), as any gRPC client would. */
export function statusDetails(metadata: Metadata | undefined): unknown[] {
  const raw = metadata?.get('grpc-status-details-bin')[0];
  if (!raw) return [];
  const status = fromBinary(StatusSchema, typeof raw === 'string' ? Buffer.from(raw, 'base64') : raw);
  return status.details.map((any) => anyUnpack(any, registry));
}

export function detailOf<D extends DescMessage>(details: unknown[], schema: D): MessageShape<D> | undefined {
  return details.find((d): d is MessageShape<D> => typeof d === 'object' && d !== null && (d as { $typeName?: string }).$typeName === schema.typeName);
}
