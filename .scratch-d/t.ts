import { newTotpSeed, totpCode, totpStep, matchConsecutiveCodes, otpauthUri } from '../src/model/totp.ts';
import { TOTP, Secret } from 'otpauth';
const s = newTotpSeed(); console.log(s, s.length);
const now = new Date(); const T = totpStep(now);
console.log(totpCode(s,T), TOTP.generate({secret: Secret.fromBase32(s), timestamp: now.getTime()}));
console.log(matchConsecutiveCodes(s, totpCode(s,T-1), totpCode(s,T), T, 2) === T);
console.log(otpauthUri(s,'alice','123456789012'));
