import { isValidLinuxUsername, NameTemplate } from './name-template';
import { InvalidLinuxUsernameError } from './workspace-driver.error';
import { UNIT_NAME_CHARACTER } from './systemd.driver';

describe('NameTemplate', () => {
  const units = new NameTemplate('code-server@{linux_username}.service', /^[A-Za-z0-9:_.@-]{1,255}$/);

  it('replaces every {linux_username}', () => {
    expect(units.render({ id: 1, linuxUsername: 'alice' })).toBe('code-server@alice.service');
    expect(new NameTemplate('{linux_username}-{linux_username}', /^.+$/).render({ id: 1, linuxUsername: 'bo' })).toBe('bo-bo');
  });

  it.each(['alice', 'a', '_svc', 'user.name', 'u-1_2', 'a'.repeat(32)])('accepts the user name %p', (name) => {
    expect(isValidLinuxUsername(name)).toBe(true);
  });

  it.each(['', 'Alice', '1abc', '-rf', '.hidden', '..', 'a b', 'a;b', '$(id)', '`id`', 'a/b', 'a\\b', 'é', 'a'.repeat(33), 'x\n'])(
    'refuses the user name %p without echoing it',
    (name) => {
      expect(isValidLinuxUsername(name)).toBe(false);
      expect(() => units.render({ id: 7, linuxUsername: name })).toThrow(InvalidLinuxUsernameError);
      expect(() => units.render({ id: 7, linuxUsername: name })).toThrow(/^workspace 7: linux_username is not a valid Linux user name/);
    },
  );

  it('explains what is wrong with a template', () => {
    expect(NameTemplate.problem('code-server@{linux_username}.service', UNIT_NAME_CHARACTER)).toBeNull();
    expect(NameTemplate.problem('code-server@.service', UNIT_NAME_CHARACTER)).toBe('must contain {linux_username}');
    expect(NameTemplate.problem('a b{linux_username}', UNIT_NAME_CHARACTER)).toMatch(/^may contain only/);
  });
});
