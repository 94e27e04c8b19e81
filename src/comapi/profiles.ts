import type { components } from '../../generated/comapi/types.ts';
import type { ComapiContext } from './client.ts';
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
import { conditionalWrite, etagOf, ifMatch } from '../core/http/conditional.ts';
import { ValidationError } from '../core/errors/index.ts';
import { callApi, callApiWithResponse } from '../core/http/call.ts';
import type { CallOptions } from '../core/http/transport.ts';
import { requireId } from '../core/ids.ts';
import { readOptions, readParams, readQuery } from '../core/http/call-options.ts';
import { checkedBody, readingInput, requireDenseArray, requireJsonObject } from '../core/input.ts';
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

/** openapi-fetch writes arrays as repeated keys; these Comapi parameters are comma lists (`style: form, explode: false`). */
const COMMA_LISTS = { array: { style: 'form', explode: false } } as const;

/** A profile body: a plain object of JSON data, copied so what is checked is what is sent. */
function profileData(value: unknown, path: string): ProfileData {
  return readingInput('Invalid profile', () => ({ ...requireJsonObject(value, 'Invalid profile', path) }));
}

/** Channels to opt in to or out of: a non-empty array of channel names (a string would be sent letter by letter). */
function channelList(channels: unknown, verb: string): string[] {
  const context = 'Invalid channels';
  return readingInput(context, () => {
    if (Array.isArray(channels) && channels.length === 0)
      throw new ValidationError([{ path: 'channels', message: `name at least one channel to ${verb}` }], context);
    const list = requireDenseArray(channels, 'channels', context, { min: 1 });
    return list.map((channel, index) => {
      if (typeof channel !== 'string' || channel.length === 0)
        throw new ValidationError([{ path: `channels[${index}]`, message: 'must be a channel name' }], context);
      return channel;
    });
  });
}

export class ComapiProfiles {
  readonly #context: ComapiContext;

  constructor(context: ComapiContext) {
    this.#context = context;
  }

  #path(profileId: string) {
    return { apiSpaceId: this.#context.apiSpaceId, profileId: requireId(profileId, 'profileId') };
  }

  /** The profile and its current `etag` (for `patch`/`replace` with optimistic concurrency). */
  async get(
    profileId: string,
    queryParams?: { includeDeleted?: boolean },
    callOptions?: CallOptions,
  ): Promise<{ profile: Profile; etag: string | undefined }> {
    const query = readQuery<{ includeDeleted?: boolean }>(queryParams, { includeDeleted: 'boolean' });
    const options = readOptions<CallOptions>(callOptions);
    const { raw } = this.#context;
    const { data, response } = await callApiWithResponse(
      this.#context,
      options,
      (t) =>
        raw.GET('/apispaces/{apiSpaceId}/profiles/{profileId}', {
          params: { path: this.#path(profileId), query },
          ...t,
        }),
      zGetProfileResponse,
    );
    return { profile: data as Profile, etag: etagOf(response) };
  }

  /** Creates a profile; a 409 (`ConflictError`) means one with this id exists. */
  async create(profile: { id: string } & ProfileData, createOptions?: CallOptions): Promise<Profile> {
    const options = readOptions<CallOptions>(createOptions);
    const body = profileData(profile, 'profile');
    requireId(body.id, 'id');
    const { raw, apiSpaceId } = this.#context;
    return callApi(
      this.#context,
      options,
      (t) => raw.POST('/apispaces/{apiSpaceId}/profiles', { params: { path: { apiSpaceId } }, body: body, ...t }),
      zCreateProfileResponse,
    );
  }

  /** Replaces the profile's data. With `etag`, fails with ConcurrencyError if it changed since it was read. */
  async replace(
    profileId: string,
    profile: ProfileData,
    conditions?: { etag?: string },
    callOptions?: CallOptions,
  ): Promise<Profile> {
    const params = readParams<{ etag?: string }>(conditions, { etag: 'header' });
    const options = readOptions<CallOptions>(callOptions);
    const body = profileData(profile, 'profile');
    const { raw } = this.#context;
    return conditionalWrite(params.etag, () =>
      callApi(
        this.#context,
        options,
        (t) =>
          raw.PUT('/apispaces/{apiSpaceId}/profiles/{profileId}', {
            params: { path: this.#path(profileId), header: ifMatch(params.etag) },
            body: body,
            ...t,
          }),
        zReplaceProfileResponse,
      ),
    );
  }

  /**
   * Merges `changes` into the profile; `deletes` removes fields. With `etag`, fails with ConcurrencyError if the
   * profile changed since it was read; with `allowCreate`, creates it when missing.
   */
  async patch(
    profileId: string,
    changes: ProfileData,
    patchParams?: { etag?: string; deletes?: readonly string[]; allowCreate?: boolean },
    callOptions?: CallOptions,
  ): Promise<Profile> {
    const params = readParams<{ etag?: string; deletes?: readonly string[]; allowCreate?: boolean }>(patchParams, {
      etag: 'header',
      deletes: 'string[]',
      allowCreate: 'boolean',
    });
    const options = readOptions<CallOptions>(callOptions);
    const body = profileData(changes, 'changes');
    const { raw } = this.#context;
    const query = {
      ...(params.allowCreate === undefined ? {} : { allowcreate: params.allowCreate }),
      ...(params.deletes?.length ? { deletes: [...params.deletes] } : {}),
    };
    return conditionalWrite(params.etag, () =>
      callApi(
        this.#context,
        options,
        (t) =>
          raw.PATCH('/apispaces/{apiSpaceId}/profiles/{profileId}', {
            params: { path: this.#path(profileId), query: query, header: ifMatch(params.etag) },
            body: body,
            querySerializer: COMMA_LISTS,
            ...t,
          }),
        zPatchProfileResponse,
      ),
    );
  }

  /** Deletes the profile; `forget: true` also deletes its data in every Comapi service. */
  async delete(profileId: string, deleteParams?: { forget?: boolean }, callOptions?: CallOptions): Promise<void> {
    const params = readParams<{ forget?: boolean }>(deleteParams, { forget: 'boolean' });
    const options = readOptions<CallOptions>(callOptions);
    const { raw } = this.#context;
    const query = params.forget === undefined ? undefined : { forget: params.forget };
    await callApi(this.#context, options, (t) =>
      raw.DELETE('/apispaces/{apiSpaceId}/profiles/{profileId}', {
        params: { path: this.#path(profileId), query },
        ...t,
      }),
    );
  }

  /** Opts the profile in to these channels. */
  async optIn(profileId: string, channels: readonly string[], optInOptions?: CallOptions): Promise<Profile> {
    const options = readOptions<CallOptions>(optInOptions);
    const list = channelList(channels, 'opt in to');
    const { raw } = this.#context;
    return callApi(
      this.#context,
      options,
      (t) =>
        raw.PUT('/apispaces/{apiSpaceId}/profiles/{profileId}/optin', {
          params: { path: this.#path(profileId) },
          body: { channels: list },
          ...t,
        }),
      zOptInProfileResponse,
    );
  }

  /** Opts the profile out of these channels. */
  async optOut(profileId: string, channels: readonly string[], optOutOptions?: CallOptions): Promise<Profile> {
    const options = readOptions<CallOptions>(optOutOptions);
    const list = channelList(channels, 'opt out of');
    const { raw } = this.#context;
    return callApi(
      this.#context,
      options,
      (t) =>
        raw.DELETE('/apispaces/{apiSpaceId}/profiles/{profileId}/optin', {
          params: { path: this.#path(profileId), query: { channel: list } },
          querySerializer: COMMA_LISTS,
          ...t,
        }),
      zOptOutProfileResponse,
    );
  }

  /** Creates or updates every profile given (each needs its `id`). */
  async bulkUpsert(
    profiles: ReadonlyArray<{ id: string } & ProfileData>,
    upsertOptions?: CallOptions,
  ): Promise<unknown> {
    const options = readOptions<CallOptions>(upsertOptions);
    const context = 'Invalid profiles';
    const body = readingInput(context, () => {
      const list = requireDenseArray(profiles, 'profiles', context, { min: 1 });
      return list.map((profile, index) => {
        const copy = profileData(profile, `profiles[${index}]`);
        requireId(copy.id, `profiles[${index}].id`);
        return copy;
      });
    });
    const { raw, apiSpaceId } = this.#context;
    return callApi(this.#context, options, (t) =>
      raw.PATCH('/apispaces/{apiSpaceId}/profiles/bulk', {
        params: { path: { apiSpaceId } },
        body: body,
        ...t,
      }),
    );
  }

  /** Deletes the profiles with these ids. */
  async bulkDelete(profileIds: readonly string[], deleteOptions?: CallOptions): Promise<unknown> {
    const options = readOptions<CallOptions>(deleteOptions);
    const context = 'Invalid profile ids';
    const ids = readingInput(context, () => {
      if (Array.isArray(profileIds) && profileIds.length === 0) {
        throw new ValidationError(
          [{ path: 'profileIds', message: 'name at least one profile: an empty list is refused rather than sent' }],
          context,
        );
      }
      return requireDenseArray(profileIds, 'profileIds', context, { min: 1 }).map((id, index) =>
        requireId(id, `profileIds[${index}]`),
      );
    });
    const { raw, apiSpaceId } = this.#context;
    return callApi(this.#context, options, (t) =>
      raw.DELETE('/apispaces/{apiSpaceId}/profiles/bulk', {
        params: { path: { apiSpaceId }, query: { id: ids } },
        ...t,
      }),
    );
  }

  /**
   * Exports the profiles matching `filter` as a file: CSV text for `format: 'csv'`, otherwise the JSON Comapi
   * returns (its shape is not documented).
   */
  async export(
    exportOptions: ProfileExportOptions,
    filter: ProfileFilter = {},
    callOptions?: CallOptions,
  ): Promise<unknown> {
    const options = readOptions<CallOptions>(callOptions);
    const body = checkedBody(
      zProfileExportOptions,
      exportOptions,
      'Invalid export options',
      'exportOptions',
    ) as ProfileExportOptions;
    const query = new URLSearchParams(buildProfileFilter(filter)).toString();
    const { raw, apiSpaceId } = this.#context;
    return callApi(this.#context, options, (t) =>
      raw.POST('/apispaces/{apiSpaceId}/profiles/export', {
        params: { path: { apiSpaceId }, query: query ? { query } : undefined },
        body,
        parseAs: body.format === 'csv' ? 'text' : 'json',
        ...t,
      }),
    );
  }

  /** The fields profiles have, with their types and how often each occurs (`$schemaOnly=true`). */
  async schema(schemaOptions?: CallOptions): Promise<ProfileSchemaField[]> {
    const options = readOptions<CallOptions>(schemaOptions);
    const { raw, apiSpaceId } = this.#context;
    return callApi(
      this.#context,
      options,
      (t) =>
        raw.GET('/apispaces/{apiSpaceId}/profiles', {
          params: { path: { apiSpaceId } },
          querySerializer: () => '$schemaOnly=true',
          ...t,
        }),
      zQueryProfilesResponse,
    );
  }

  /** Relationships between profiles: a primary profile and the profiles linked to it. */
  readonly relationships = {
    /** Makes `primaryProfileId` the primary of `profileId`. */
    setPrimary: (profileId: string, primaryProfileId: string, options?: CallOptions) =>
      this.#relationship('PUT', 'primary', profileId, primaryProfileId, options),
    removePrimary: (profileId: string, primaryProfileId: string, options?: CallOptions) =>
      this.#relationship('DELETE', 'primary', profileId, primaryProfileId, options),
    /** Makes `profileId` the primary of `linkedProfileId`. */
    link: (profileId: string, linkedProfileId: string, options?: CallOptions) =>
      this.#relationship('PUT', 'link', profileId, linkedProfileId, options),
    unlink: (profileId: string, linkedProfileId: string, options?: CallOptions) =>
      this.#relationship('DELETE', 'link', profileId, linkedProfileId, options),
  };

  async #relationship(
    method: 'PUT' | 'DELETE',
    kind: 'primary' | 'link',
    profileId: string,
    linkedProfileId: string,
    callOptions: CallOptions | undefined,
  ): Promise<void> {
    const options = readOptions<CallOptions>(callOptions);
    const { raw } = this.#context;
    const path = { ...this.#path(profileId), linkedProfileId: requireId(linkedProfileId, 'linkedProfileId') };
    const route =
      kind === 'primary'
        ? '/apispaces/{apiSpaceId}/profiles/{profileId}/rels/primary/{linkedProfileId}'
        : '/apispaces/{apiSpaceId}/profiles/{profileId}/rels/link/{linkedProfileId}';
    await callApi(this.#context, options, (t) =>
      method === 'PUT' ? raw.PUT(route, { params: { path }, ...t }) : raw.DELETE(route, { params: { path }, ...t }),
    );
  }

  /**
   * Profiles matching a typed filter: `{ email: { endsWith: '@example.com' }, age: { gte: 18 } }`. The client
   * writes Comapi's operator syntax and escapes values; see `ProfileFilter`.
   */
  async query(filter: ProfileFilter = {}, query?: ProfileQueryOptions, callOptions?: CallOptions): Promise<Profile[]> {
    const options = readOptions<CallOptions>(callOptions);
    const params = readParams<ProfileQueryOptions>(query, {
      fields: 'string[]',
      limit: 'count',
      skip: 'whole',
      includeDeleted: 'boolean',
      includeDevices: 'boolean',
      includeSessions: 'boolean',
      includeSystem: 'boolean',
    });
    const search = new URLSearchParams(buildProfileFilter(filter));
    if (params.fields?.length) search.append('$fields', params.fields.join(','));
    if (params.limit !== undefined) search.append('$limit', String(params.limit));
    if (params.skip !== undefined) search.append('$skip', String(params.skip));
    for (const flag of ['includeDeleted', 'includeDevices', 'includeSessions', 'includeSystem'] as const) {
      if (params[flag] !== undefined) search.append(`$${flag}`, String(params[flag]));
    }
    const { raw, apiSpaceId } = this.#context;
    const result = await callApi(
      this.#context,
      options,
      (t) =>
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
