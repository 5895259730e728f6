import { describe, expect, it } from 'vitest';
import { AddressPolicy, embeddedV4, isNetwork } from './address-policy.js';

const strict = new AddressPolicy([]);

describe('AddressPolicy', () => {
  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '0.0.0.0',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '100.64.0.1',
    '169.254.169.254',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fd00::1',
    'fc00::abcd',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a9fe:a9fe',
    '64:ff9b::a9fe:a9fe',
    '::127.0.0.1',
  ])('refuses %s without an allow-list', (address) => {
    expect(strict.refusal(address)).toMatch(/loopback|private/);
  });

  it.each(['8.8.8.8', '114.114.114.114', '172.32.0.1', '100.128.0.1', '2400:3200::1', '::ffff:8.8.8.8'])('allows public %s', (address) => {
    expect(strict.refusal(address)).toBeUndefined();
  });

  it('lets an allow-listed network through, and only that one', () => {
    const policy = new AddressPolicy(['127.0.0.0/8', '::1/128', '10.20.30.40']);
    expect(policy.refusal('127.0.0.1')).toBeUndefined();
    expect(policy.refusal('::ffff:127.0.0.1')).toBeUndefined();
    expect(policy.refusal('::1')).toBeUndefined();
    expect(policy.refusal('10.20.30.40')).toBeUndefined();
    expect(policy.refusal('10.20.30.41')).toBeDefined();
    expect(policy.refusal('169.254.169.254')).toBeDefined();
  });

  it('reads the IPv4 address inside mapped, NAT64 and compatible IPv6 forms', () => {
    expect(embeddedV4('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(embeddedV4('64:ff9b::a9fe:a9fe')).toBe('169.254.169.254');
    expect(embeddedV4('2400:3200::1')).toBeUndefined();
    expect(embeddedV4('::ffff:1.2.3.4')).toBe('1.2.3.4');
  });

  it('reads a dotted IPv4 tail only as the whole last group of a real IPv6 address', () => {
    // Before, the tail pattern was anchored at its end only: `a1.2.3.4` was read as `a` + `1.2.3.4`.
    expect(embeddedV4('::ffff:a1.2.3.4')).toBeUndefined();
    expect(embeddedV4('::ffff:9999.0.0.1')).toBeUndefined();
    expect(embeddedV4('x::ffff:127.0.0.1')).toBeUndefined();
    expect(strict.refusal('::ffff:a1.2.3.4')).toMatch(/not an IP address/);
  });

  it('validates allow-list entries', () => {
    expect(['127.0.0.0/8', '::1/128', '10.0.0.1'].every(isNetwork)).toBe(true);
    expect(['localhost', '10.0.0.0/33', '1.2.3.4/8/9', '::1/x', 'fe80::1%eth0', 'fe80::1%eth0/64', '10.0.0.0/0008', ' 10.0.0.1'].some(isNetwork)).toBe(false);
  });
});
