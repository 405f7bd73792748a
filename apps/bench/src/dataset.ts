import { createHash } from 'node:crypto';

/**
 * The benchmark's users, made up deterministically from their index: user i is always the same person, so
 * any scenario can pick ids or search prefixes of users that are stored without keeping them in memory.
 *
 * Names are drawn with a skew (a few common names, a long tail) so prefix selectivity looks like a real
 * register; mobiles are unique (a permutation of the index); e-mails follow a handful of common patterns.
 */

/** The tenant the server's bootstrap API key belongs to (ROSTER_BOOTSTRAP_TENANT's default). */
export const TENANT = 'default';

/** The user with the big subtree: user 0 is the root of a complete 10-ary tree. */
export const TREE_ROOT = 0;
/** Every TREE_STRIDE-th user (1, 101, 201, …) joins the tree: 10,000 descendants at 1,000,000 users. */
const TREE_STRIDE = 100;
const TREE_FAN_OUT = 10;

const FIRST_NAMES = [
  'Aarav',
  'Aditi',
  'Aditya',
  'Akash',
  'Amit',
  'Ananya',
  'Anil',
  'Anita',
  'Anjali',
  'Arjun',
  'Asha',
  'Ayesha',
  'Deepak',
  'Deepika',
  'Divya',
  'Farhan',
  'Gaurav',
  'Geeta',
  'Harish',
  'Ishaan',
  'Kavya',
  'Kiran',
  'Krishna',
  'Lakshmi',
  'Manoj',
  'Meera',
  'Mohammed',
  'Neha',
  'Nikhil',
  'Nisha',
  'Pooja',
  'Pradeep',
  'Priya',
  'Rahul',
  'Rajesh',
  'Ramesh',
  'Ravi',
  'Rekha',
  'Rohan',
  'Sachin',
  'Sanjay',
  'Sarita',
  'Shreya',
  'Sneha',
  'Sunil',
  'Sunita',
  'Suresh',
  'Tanvi',
  'Usha',
  'Varun',
  'Vijay',
  'Vikram',
  'Vivek',
  'Yash',
  'Zoya',
  'Abdul',
  'Fatima',
  'Imran',
  'Salma',
  'Gurpreet',
  'Harpreet',
  'Jaspreet',
  'Manpreet',
  'Simran',
  'Arun',
  'Bhavna',
  'Chetan',
  'Dinesh',
  'Esha',
  'Ganesh',
  'Hema',
  'Indira',
  'Jyoti',
  'Kamal',
  'Lalit',
  'Madhu',
  'Naveen',
  'Omkar',
  'Parvati',
  'Rakesh',
  'Sarah',
  'James',
  'Maria',
  'David',
  'Anna',
  'John',
  'Elena',
  'Michael',
  'Sofia',
  'Daniel',
  'Laura',
  'Thomas',
  'Emma',
  'Lucas',
  'Olivia',
  'Noah',
  'Mia',
  'Ahmed',
  'Aisha',
  'Omar',
  'Leila',
  'Chen',
  'Mei',
  'Wei',
  'Yuki',
  'Hiro',
  'Kwame',
  'Amara',
  'Tunde',
  'Zanele',
  'Pedro',
  'Lucia',
  'Mateo',
];

const LAST_NAMES = [
  'Sharma',
  'Verma',
  'Gupta',
  'Singh',
  'Kumar',
  'Patel',
  'Shah',
  'Reddy',
  'Rao',
  'Nair',
  'Iyer',
  'Menon',
  'Pillai',
  'Das',
  'Dutta',
  'Banerjee',
  'Chatterjee',
  'Mukherjee',
  'Bose',
  'Ghosh',
  'Sen',
  'Roy',
  'Joshi',
  'Kulkarni',
  'Deshpande',
  'Patil',
  'Pawar',
  'Jadhav',
  'Yadav',
  'Mishra',
  'Tiwari',
  'Pandey',
  'Dubey',
  'Chauhan',
  'Rathore',
  'Thakur',
  'Mehta',
  'Desai',
  'Bhatt',
  'Trivedi',
  'Agarwal',
  'Jain',
  'Khan',
  'Ansari',
  'Qureshi',
  'Sheikh',
  'Siddiqui',
  'Hussain',
  'Gill',
  'Sandhu',
  'Dhillon',
  'Grewal',
  'Malhotra',
  'Kapoor',
  'Khanna',
  'Chopra',
  'Arora',
  'Bhatia',
  'Saxena',
  'Srivastava',
  'Naidu',
  'Hegde',
  'Shetty',
  'Kamath',
  'Gowda',
  'Murthy',
  'Subramanian',
  'Krishnan',
  'Raman',
  'Venkatesh',
  'Fernandes',
  'DSouza',
  'Pereira',
  'Lobo',
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Lopez',
  'Wilson',
  'Anderson',
  'Taylor',
  'Moore',
  'Martin',
  'Lee',
  'Wang',
  'Zhang',
  'Li',
  'Tanaka',
  'Sato',
  'Okafor',
  'Mensah',
  'Nkosi',
  'Haddad',
  'Nasser',
  'Ivanova',
  'Novak',
  'Kowalski',
];

const DOMAINS = [
  'gmail.com',
  'gmail.com',
  'gmail.com',
  'yahoo.com',
  'outlook.com',
  'hotmail.com',
  'rediffmail.com',
  'example.org',
  'mail.gov.in',
  'company.co.in',
];
const MOBILE_PREFIXES = ['+91', '+91', '+91', '+91', '+91', '+91', '+91', '+1', '+44', '+971'];
const BASE_TIME_MS = Date.UTC(2024, 0, 1);

export interface Person {
  firstName: string;
  lastName: string;
  email: string;
  mobile: string;
}

/** A uniform pseudo-random number in [0, 1) for (index, salt): a 32-bit integer hash, no state. */
function random(index: number, salt: number): number {
  let h = Math.imul(index ^ Math.imul(salt, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h ^ salt, 0x27d4eb2f);
  h ^= h >>> 15;
  return (h >>> 0) / 4294967296;
}

/** Skewed pick: low indexes (the common names) come up far more often than the tail. */
function pickSkewed<T>(list: readonly T[], index: number, salt: number): T {
  return list[Math.floor(list.length * random(index, salt) ** 2)];
}

function pick<T>(list: readonly T[], index: number, salt: number): T {
  return list[Math.floor(list.length * random(index, salt))];
}

/** A random-looking but reproducible version-4 UUID per user. */
export function userIdOf(index: number): string {
  const hex = createHash('sha1').update(`roster-bench-user:${index}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function personOf(index: number): Person {
  const firstName = pickSkewed(FIRST_NAMES, index, 1);
  const lastName = pickSkewed(LAST_NAMES, index, 2);
  return { firstName, lastName, email: emailOf(firstName, lastName, index), mobile: mobileOf(index) };
}

function emailOf(firstName: string, lastName: string, index: number): string {
  const first = firstName.toLowerCase();
  const last = lastName.toLowerCase();
  const digits = String(Math.floor(random(index, 3) * 10_000));
  const patterns = [
    `${first}.${last}`,
    `${first}${last}${digits}`,
    `${first[0]}${last}`,
    `${first}_${last}${digits.slice(0, 2)}`,
    `${last}.${first}${digits}`,
  ];
  return `${pick(patterns, index, 4)}@${pick(DOMAINS, index, 5)}`;
}

// Practically unique per user: multiplying by an odd number is a bijection modulo 2^32, folded into the national range.
function mobileOf(index: number): string {
  const national = 6_000_000_000 + ((Math.imul(index, 0x2545f491) >>> 0) % 4_000_000_000);
  const countryCode = pick(MOBILE_PREFIXES, index, 6);
  return countryCode === '+91' ? `${countryCode}${national}` : `${countryCode}${String(national).slice(1)}`;
}

export function createdAtOf(index: number): string {
  return new Date(BASE_TIME_MS + index * 30_000).toISOString();
}

/** The parent of a user of the big tree, or null for everyone else (and for the root). */
export function parentOf(index: number): number | null {
  if (index === TREE_ROOT || (index - 1) % TREE_STRIDE !== 0) return null;
  const node = (index - 1) / TREE_STRIDE + 1; // tree node 1, 2, 3, … (node 0 is the root)
  const parentNode = Math.floor((node - 1) / TREE_FAN_OUT);
  return parentNode === 0 ? TREE_ROOT : (parentNode - 1) * TREE_STRIDE + 1;
}

/** How many users below the root when `users` users exist. */
export function treeDescendants(users: number): number {
  return users <= 1 ? 0 : Math.floor((users - 2) / TREE_STRIDE) + 1;
}

/**
 * Prefixes a person would type into a search box, 2 to 6 characters of a stored value (mobile: code + 1–6 digits);
 * `name` is the last name or "first last", `lastName` the last name alone.
 */
export function searchPrefixOf(field: 'name' | 'lastName' | 'email' | 'mobile', index: number, salt: number): string {
  const person = personOf(index);
  const length = 2 + Math.floor(random(index, salt) * 5);
  switch (field) {
    case 'name': {
      const typed = random(index, salt + 1) < 0.5 ? person.lastName : `${person.firstName} ${person.lastName}`;
      return typed.slice(0, length).toLowerCase();
    }
    case 'lastName':
      return person.lastName.slice(0, length).toLowerCase();
    case 'email':
      return person.email.slice(0, length);
    case 'mobile':
      return person.mobile.slice(0, person.mobile.startsWith('+91') ? 3 + length : 2 + length);
  }
}

/** A deterministic sample of `count` user indexes below `users`. */
export function sampleIndexes(users: number, count: number, salt: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.floor(random(i, salt) * users));
}
