import type { Client } from 'openapi-fetch';
import type { components, paths } from '../../generated/comapi/types.ts';
import {
  zCreateProfileResponse,
  zGetProfileResponse,
  zOptInProfileResponse,
  zOptOutProfileResponse,
  zPatchProfileResponse,
  zProfileExportOptions,
  zQueryProfilesResponse,
  zReplaceProfileResponse,
} from '../../generated/comapi/zod/zod.gen.ts';
import { conditionalWrite, ifMatch } from '../core/conditional.ts';
import { ValidationError } from '../core/errors/index.ts';
import { callApi, callApiWithResponse, type CallContext } from '../core/http-client.ts';
import type { CallOptions } from '../core/transport.ts';
import { requireId } from '../core/ids.ts';
import { buildProfileFilter, type ProfileFilter } from './profile-query.ts';

export type Profile = components['schemas']['Profile'];
export type ProfileSchemaField = components['schemas']['ProfileSchemaField'];
export type ProfileExportOptions = components['schemas']['ProfileExportOptions'];
type ProfileData = Record<string, unknown>;

export interface ProfileQueryOptions {
  /** `$fields`: return only these fields. */
  fields?: readonly string[];
  /** `$limit` and `$skip`: page through the results. */
  limit?: number;
  skip?: number;
  includeDeleted?: boolean;
  includeDevices?: boolean;
  includeSessions?: boolean;
  includeSystem?: boolean;
}

export interface ProfilesContext extends CallContext {
  raw: Client<paths>;
  apiSpaceId: string;
}

/** openapi-fetch writes arrays as repeated keys; these Comapi parameters are comma lists (`style: form, explode: false`). */
const COMMA_LISTS = { array: { style: 'form', explode: false } } as const;

export class ComapiProfiles {
  readonly #context: ProfilesContext;

  constructor(context: ProfilesContext) {
    this.#context = context;
  }

  #path(profileId: string) {
    return { apiSpaceId: this.#context.apiSpaceId, profileId: requireId(profileId, 'profileId') };
  }

  /** The profile and its current `etag` (for `patch`/`replace` with optimistic concurrency). */
  async get(profileId: string, options: CallOptions & { includeDeleted?: boolean } = {}): Promise<{ profile: Profile; etag: string | undefined }> {
    const { raw } = this.#context;
    const query = options.includeDeleted === undefined ? undefined : { includeDeleted: options.includeDeleted };
    const { data, response } = await callApiWithResponse(this.#context, options, (t) =>
      raw.GET('/apispaces/{apiSpaceId}/profiles/{profileId}', { params: { path: this.#path(profileId), query }, ...t }),
      zGetProfileResponse,
    );
    return { profile: data as Profile, etag: response.headers.get('etag') ?? undefined };
  }

  /** Creates a profile; a 409 (`ConflictError`) means one with this id exists. */
  async create(profile: { id: string } & ProfileData, options: CallOptions = {}): Promise<Profile> {
    requireId(profile?.id, 'id');
    const { raw, apiSpaceId } = this.#context;
    return callApi(this.#context, options, (t) =>
      raw.POST('/apispaces/{apiSpaceId}/profiles', { params: { path: { apiSpaceId } }, body: profile as never, ...t }),
      zCreateProfileResponse,
    ) as Promise<Profile>;
  }

  /** Replaces the profile's data. With `etag`, fails with ConcurrencyError if it changed since it was read. */
  async replace(profileId: string, profile: ProfileData, options: CallOptions & { etag?: string } = {}): Promise<Profile> {
    const { raw } = this.#context;
    return conditionalWrite(options.etag, () =>
      callApi(this.#context, options, (t) =>
        raw.PUT('/apispaces/{apiSpaceId}/profiles/{profileId}', {
          params: { path: this.#path(profileId), header: ifMatch(options.etag) as never },
          body: profile as never,
          ...t,
        }),
        zReplaceProfileResponse,
      ),
    ) as Promise<Profile>;
  }

  /**
   * Merges `changes` into the profile; `deletes` removes fields. With `etag`, fails with ConcurrencyError if the
   * profile changed since it was read; with `allowCreate`, creates it when missing.
   */
  async patch(
    profileId: string,
    changes: ProfileData,
    options: CallOptions & { etag?: string; deletes?: readonly string[]; allowCreate?: boolean } = {},
  ): Promise<Profile> {
    const { raw } = this.#context;
    const query = {
      ...(options.allowCreate === undefined ? {} : { allowcreate: options.allowCreate }),
      ...(options.deletes?.length ? { deletes: [...options.deletes] } : {}),
    };
    return conditionalWrite(options.etag, () =>
      callApi(this.#context, options, (t) =>
        raw.PATCH('/apispaces/{apiSpaceId}/profiles/{profileId}', {
          params: { path: this.#path(profileId), query: query as never, header: ifMatch(options.etag) as never },
          body: changes as never,
          querySerializer: COMMA_LISTS,
          ...t,
        }),
        zPatchProfileResponse,
      ),
    ) as Promise<Profile>;
  }

  /** Deletes the profile; `forget: true` also deletes its data in every Comapi service. */
  async delete(profileId: string, options: CallOptions & { forget?: boolean } = {}): Promise<void> {
    const { raw } = this.#context;
    const query = options.forget === undefined ? undefined : { forget: options.forget };
    await callApi(this.#context, options, (t) =>
      raw.DELETE('/apispaces/{apiSpaceId}/profiles/{profileId}', { params: { path: this.#path(profileId), query }, ...t }),
    );
  }

  /** Opts the profile in to these channels. */
  async optIn(profileId: string, channels: readonly string[], options: CallOptions = {}): Promise<Profile> {
    const { raw } = this.#context;
    return callApi(this.#context, options, (t) =>
      raw.PUT('/apispaces/{apiSpaceId}/profiles/{profileId}/optin', { params: { path: this.#path(profileId) }, body: { channels: [...channels] }, ...t }),
      zOptInProfileResponse,
    ) as Promise<Profile>;
  }

  /** Opts the profile out of these channels. */
  async optOut(profileId: string, channels: readonly string[], options: CallOptions = {}): Promise<Profile> {
    if (!Array.isArray(channels) || channels.length === 0) {
      throw new ValidationError([{ path: 'channels', message: 'name at least one channel to opt out of' }]);
    }
    const { raw } = this.#context;
    return callApi(this.#context, options, (t) =>
      raw.DELETE('/apispaces/{apiSpaceId}/profiles/{profileId}/optin', {
        params: { path: this.#path(profileId), query: { channel: [...channels] } },
        querySerializer: COMMA_LISTS,
        ...t,
      }),
      zOptOutProfileResponse,
    ) as Promise<Profile>;
  }

  /** Creates or updates every profile given (each needs its `id`). */
  async bulkUpsert(profiles: ReadonlyArray<{ id: string } & ProfileData>, options: CallOptions = {}): Promise<unknown> {
    profiles.forEach((profile, index) => requireId(profile?.id, `[${index}].id`));
    const { raw, apiSpaceId } = this.#context;
    return callApi(this.#context, options, (t) =>
      raw.PATCH('/apispaces/{apiSpaceId}/profiles/bulk', { params: { path: { apiSpaceId } }, body: [...profiles] as never, ...t }),
    );
  }

  /** Deletes the profiles with these ids. */
  async bulkDelete(profileIds: readonly string[], options: CallOptions = {}): Promise<unknown> {
    if (!Array.isArray(profileIds) || profileIds.length === 0) {
      throw new ValidationError([{ path: 'profileIds', message: 'name at least one profile: an empty list is refused rather than sent' }]);
    }
    profileIds.forEach((id, index) => requireId(id, `profileIds[${index}]`));
    const { raw, apiSpaceId } = this.#context;
    return callApi(this.#context, options, (t) =>
      raw.DELETE('/apispaces/{apiSpaceId}/profiles/bulk', { params: { path: { apiSpaceId }, query: { id: [...profileIds] } }, ...t }),
    );
  }

  /**
   * Exports the profiles matching `filter` as a file: CSV text for `format: 'csv'`, otherwise the JSON Comapi
   * returns (its shape is not documented).
   */
  async export(exportOptions: ProfileExportOptions, filter: ProfileFilter = {}, options: CallOptions = {}): Promise<unknown> {
    const parsed = zProfileExportOptions.safeParse(exportOptions);
    if (!parsed.success) throw ValidationError.fromZod(parsed.error, 'Invalid export options');
    const query = new URLSearchParams(buildProfileFilter(filter)).toString();
    const { raw, apiSpaceId } = this.#context;
    return callApi(this.#context, options, (t) =>
      raw.POST('/apispaces/{apiSpaceId}/profiles/export', {
        params: { path: { apiSpaceId }, query: query ? { query } : undefined },
        body: exportOptions,
        parseAs: exportOptions.format === 'csv' ? 'text' : 'json',
        ...t,
      }),
    );
  }

  /** The fields profiles have, with their types and how often each occurs (`$schemaOnly=true`). */
  async schema(options: CallOptions = {}): Promise<ProfileSchemaField[]> {
    const { raw, apiSpaceId } = this.#context;
    return callApi(this.#context, options, (t) =>
      raw.GET('/apispaces/{apiSpaceId}/profiles', { params: { path: { apiSpaceId } }, querySerializer: () => '$schemaOnly=true', ...t }),
      zQueryProfilesResponse,
    ) as Promise<ProfileSchemaField[]>;
  }

  /** Relationships between profiles: a primary profile and the profiles linked to it. */
  readonly relationships = {
    /** Makes `primaryProfileId` the primary of `profileId`. */
    setPrimary: (profileId: string, primaryProfileId: string, options: CallOptions = {}) =>
      this.#relationship('PUT', 'primary', profileId, primaryProfileId, options),
    removePrimary: (profileId: string, primaryProfileId: string, options: CallOptions = {}) =>
      this.#relationship('DELETE', 'primary', profileId, primaryProfileId, options),
    /** Makes `profileId` the primary of `linkedProfileId`. */
    link: (profileId: string, linkedProfileId: string, options: CallOptions = {}) =>
      this.#relationship('PUT', 'link', profileId, linkedProfileId, options),
    unlink: (profileId: string, linkedProfileId: string, options: CallOptions = {}) =>
      this.#relationship('DELETE', 'link', profileId, linkedProfileId, options),
  };

  async #relationship(method: 'PUT' | 'DELETE', kind: 'primary' | 'link', profileId: string, linkedProfileId: string, options: CallOptions): Promise<void> {
    const { raw } = this.#context;
    const path = { ...this.#path(profileId), linkedProfileId: requireId(linkedProfileId, 'linkedProfileId') };
    const route = kind === 'primary' ? '/apispaces/{apiSpaceId}/profiles/{profileId}/rels/primary/{linkedProfileId}' : '/apispaces/{apiSpaceId}/profiles/{profileId}/rels/link/{linkedProfileId}';
    await callApi(this.#context, options, (t) =>
      method === 'PUT' ? raw.PUT(route, { params: { path }, ...t }) : raw.DELETE(route, { params: { path }, ...t }),
    );
  }

  /**
   * Profiles matching a typed filter: `{ email: { endsWith: '@example.com' }, age: { gte: 18 } }`. The client
   * writes Comapi's operator syntax and escapes values; see `ProfileFilter`.
   */
  async query(filter: ProfileFilter = {}, options: ProfileQueryOptions & CallOptions = {}): Promise<Profile[]> {
    const search = new URLSearchParams(buildProfileFilter(filter));
    if (options.fields?.length) search.append('$fields', options.fields.join(','));
    if (options.limit !== undefined) search.append('$limit', String(options.limit));
    if (options.skip !== undefined) search.append('$skip', String(options.skip));
    for (const flag of ['includeDeleted', 'includeDevices', 'includeSessions', 'includeSystem'] as const) {
      if (options[flag] !== undefined) search.append(`$${flag}`, String(options[flag]));
    }
    const { raw, apiSpaceId } = this.#context;
    const result = await callApi(this.#context, options, (t) =>
      raw.GET('/apispaces/{apiSpaceId}/profiles', {
        params: { path: { apiSpaceId } },
        // The filter's keys are the profile's own fields, which no spec can list: serialise them here.
        querySerializer: () => search.toString(),
        ...t,
      }),
      zQueryProfilesResponse,
    );
    return result as Profile[];
  }
}
