import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@roster/config';
import { FileRoleCatalogue, RoleCatalogueError } from './file-role-catalogue';

const ADMIN_PERMISSIONS = [
  'user:create:citizen',
  'user:create:employee',
  'user:read',
  'user:update:citizen',
  'user:update:employee',
];

describe('FileRoleCatalogue', () => {
  describe('the built-in catalogue', () => {
    const catalogue = FileRoleCatalogue.builtIn();

    it.each([
      ['SUPERUSER', ['*']],
      ['CITIZEN', []],
      ['EMPLOYEE', ['user:read']],
      ['HRMS_ADMIN', ADMIN_PERMISSIONS],
      ['EMPLOYEE_ADMIN', ADMIN_PERMISSIONS],
      ['SYSTEM', ['user:read']],
      ['GRO', ['user:read']],
      ['PGR-ADMIN', ['user:read']],
    ])('defines %s for every tenant', (code, permissions) => {
      for (const tenantId of ['pb', 'pb.amritsar', 'default']) {
        expect([...(catalogue.find(tenantId, code)?.permissions ?? ['missing'])].sort()).toEqual(permissions);
      }
    });

    it('knows no other codes, and codes are case-sensitive', () => {
      expect(catalogue.find('pb', 'NOT_A_ROLE')).toBeNull();
      expect(catalogue.find('pb', 'employee')).toBeNull();
    });

    it('is what the configuration selects when ROSTER_ROLES_FILE is unset', () => {
      expect(FileRoleCatalogue.fromConfig(loadConfig({})).find('pb', 'SUPERUSER')?.name).toBe('Super User');
    });
  });

  describe('a catalogue file', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'roster-roles-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const write = (content: unknown) => {
      const path = join(dir, 'roles.json');
      writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
      return path;
    };
    const role = (code: string, permissions: string[], name = code) => ({ code, name, permissions });

    it('looks a role up in the exact tenant, then its state-level tenant, then *', () => {
      const path = write({
        tenants: {
          '*': [role('CLERK', ['user:read']), role('AUDITOR', ['user:read'], 'Auditor everywhere')],
          pb: [role('CLERK', ['user:read', 'user:create:citizen']), role('PB_ONLY', ['user:*'])],
          'pb.amritsar': [role('CLERK', [])],
        },
      });
      const catalogue = FileRoleCatalogue.fromConfig(loadConfig({ ROSTER_ROLES_FILE: path }));

      expect(catalogue.find('pb.amritsar', 'CLERK')?.permissions).toEqual([]);
      expect(catalogue.find('pb.jalandhar', 'CLERK')?.permissions).toEqual(['user:read', 'user:create:citizen']);
      expect(catalogue.find('pb', 'CLERK')?.permissions).toEqual(['user:read', 'user:create:citizen']);
      expect(catalogue.find('mh', 'CLERK')?.permissions).toEqual(['user:read']);
      expect(catalogue.find('pb.amritsar', 'PB_ONLY')?.permissions).toEqual(['user:*']);
      expect(catalogue.find('mh.pune', 'PB_ONLY')).toBeNull();
      expect(catalogue.find('pb.amritsar', 'AUDITOR')?.name).toBe('Auditor everywhere');
    });

    it('unions the permissions of roles, each looked up in its own tenant; unknown roles grant nothing', () => {
      const catalogue = FileRoleCatalogue.fromFile(
        write({
          tenants: { '*': [role('READER', ['user:read'])], pb: [role('MAKER', ['user:create:employee', 'user:read'])] },
        }),
      );

      expect(
        catalogue.permissionsOf([
          { code: 'READER', tenantId: 'mh' },
          { code: 'MAKER', tenantId: 'pb.amritsar' },
          { code: 'MAKER', tenantId: 'mh' },
          { code: 'GHOST', tenantId: 'pb' },
        ]),
      ).toEqual(['user:create:employee', 'user:read']);
      expect(catalogue.permissionsOf([])).toEqual([]);
    });

    it.each([
      ['not JSON', '{"tenants":', /is not JSON/],
      ['no tenants', { roles: [] }, /must be an object \{"tenants"/],
      ['a bad tenant key', { tenants: { 'p b': [] } }, /tenants\["p b"\]: a tenant is/],
      ['roles not in an array', { tenants: { '*': {} } }, /tenants\["\*"\] must be an array/],
      [
        'a role without a code',
        { tenants: { '*': [{ name: 'x', permissions: [] }] } },
        /tenants\["\*"\]\[0\]: code must be/,
      ],
      [
        'a role without a name',
        { tenants: { pb: [role('A', []), { code: 'B', permissions: [] }] } },
        /tenants\["pb"\]\[1\] \(B\): name must be/,
      ],
      [
        'a role without permissions',
        { tenants: { '*': [{ code: 'A', name: 'A' }] } },
        /\(A\): permissions must be an array/,
      ],
      [
        'a bad permission',
        { tenants: { '*': [role('A', ['user:read', 'Users Write'])] } },
        /\(A\): permission "Users Write" is not like/,
      ],
      [
        'a non-string description',
        { tenants: { '*': [{ ...role('A', []), description: 1 }] } },
        /\(A\): description must be a string/,
      ],
      [
        'a role defined twice',
        { tenants: { '*': [role('A', []), role('A', ['*'])] } },
        /tenants\["\*"\]\[1\]: role A is defined twice/,
      ],
    ])('refuses %s, naming the file and the entry', (_case, content, problem) => {
      const path = write(content);
      const loading = () => FileRoleCatalogue.fromFile(path);
      expect(loading).toThrow(RoleCatalogueError);
      expect(loading).toThrow(`invalid role catalogue ${path}: `);
      expect(loading).toThrow(problem);
    });

    it('refuses a file that cannot be read', () => {
      expect(() => FileRoleCatalogue.fromFile(join(dir, 'missing.json'))).toThrow(
        /invalid role catalogue .*missing\.json: cannot be read \(ENOENT\)/,
      );
    });
  });
});
